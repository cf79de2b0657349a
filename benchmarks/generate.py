"""Synthetic Chinese policy implementation plans, with the ground truth of each.

    python benchmarks/generate.py N OUTDIR [--seed S] [--size-kb K]

writes ``plan-00001.txt`` … ``plan-N.txt`` and ``truth.jsonl`` (one JSON object per plan,
in file order). The plans follow the genre described in docs/genre.md — 实施方案, 行动方案,
三年行动计划, 若干措施, 工作要点 of a province, city, county or district — and the truth
says what a reader must recover from each: title, period, issuer, the measures with their
numbers, headings, lead and participating units (as written) and status, the quantified
targets, and the notes with the footnote markers that point to them.

A line of truth.jsonl holds: file, seed, encoding (utf-8 | utf-8-sig | gb18030), newline
(LF | CRLF), title (without period or status), period ([start, end] or null), period_text,
period_in_title, status, genre, topic, issuer {place as the title names it or null, name,
level}, structure, numbering, first_is_lead_rule (where the plan states it, or null),
measure_count, measures [{number, heading, leads, participants, status (assigned | no-lead
| vague | unassigned), format, placement, responsibility_text, targets}], goal_targets and
notes [{number, term, marked_in (measure), marker (the marked words and digit)}]. A target
is {comparator (= > >= < <= ~ range), value, value_max, unit, deadline (2025 or
2025-12-31 or null)}; numbers that are not targets (dates, versions, document numbers,
hotlines, idioms, footnote markers) are never listed.

The same seed always gives the same bytes. Only the standard library is used.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

# ======================================================================================
# Places
# ======================================================================================


class City(NamedTuple):
    name: str  # 长沙市
    code: str  # 长 — the short form in document numbers (长政发〔2023〕5号)
    counties: tuple[str, ...]  # counties (…县) and districts (…区) of the city


class Province(NamedTuple):
    name: str
    code: str  # 湘
    cities: tuple[City, ...]


PROVINCES = (
    Province(
        "湖南省",
        "湘",
        (
            City("长沙市", "长", ("岳麓区", "开福区", "宁乡县", "长沙县")),
            City("株洲市", "株", ("茶陵县", "天元区", "芦淞区")),
            City("湘潭市", "潭", ("湘潭县", "雨湖区", "岳塘区")),
            City("衡阳市", "衡", ("衡阳县", "祁东县", "蒸湘区")),
            City("常德市", "常", ("桃源县", "武陵区", "鼎城区")),
        ),
    ),
    Province(
        "四川省",
        "川",
        (
            City("成都市", "成", ("郫都区", "双流区", "大邑县", "金堂县")),
            City("绵阳市", "绵", ("三台县", "梓潼县", "涪城区")),
            City("德阳市", "德", ("中江县", "旌阳区")),
        ),
    ),
    Province(
        "湖北省",
        "鄂",
        (
            City("宜昌市", "宜", ("远安县", "秭归县", "夷陵区")),
            City("襄阳市", "襄", ("南漳县", "襄州区")),
        ),
    ),
    Province(
        "江西省",
        "赣",
        (
            City("赣州市", "赣", ("信丰县", "于都县", "章贡区")),
            City("九江市", "九", ("修水县", "浔阳区")),
        ),
    ),
    Province(
        "浙江省",
        "浙",
        (
            City("宁波市", "甬", ("象山县", "宁海县", "鄞州区")),
            City("绍兴市", "绍", ("新昌县", "柯桥区")),
        ),
    ),
    Province(
        "河南省",
        "豫",
        (
            City("洛阳市", "洛", ("宜阳县", "栾川县", "洛龙区")),
            City("新乡市", "新", ("原阳县", "红旗区")),
        ),
    ),
    Province("贵州省", "黔", (City("遵义市", "遵", ("湄潭县", "凤冈县", "汇川区")),)),
)

# ======================================================================================
# Units (who does a measure), written at the level of the issuing government
# ======================================================================================


class Kind(NamedTuple):
    """A kind of department as each level writes it; ``{L}`` stands for 市, 县 or 区."""

    key: str
    provincial: str
    local: str
    long_provincial: str = ""
    long_local: str = ""


DEPARTMENTS = (
    Kind("finance", "省财政厅", "{L}财政局"),
    Kind("development", "省发展改革委", "{L}发改委", "省发展和改革委员会", "{L}发展和改革委员会"),
    Kind("education", "省教育厅", "{L}教育局"),
    Kind("hrss", "省人力资源社会保障厅", "{L}人社局", "", "{L}人力资源和社会保障局"),
    Kind("science", "省科技厅", "{L}科技局"),
    Kind("industry", "省工业和信息化厅", "{L}工信局", "", "{L}工业和信息化局"),
    Kind("civil", "省民政厅", "{L}民政局"),
    Kind("land", "省自然资源厅", "{L}自然资源和规划局"),
    Kind("housing", "省住房城乡建设厅", "{L}住建局", "", "{L}住房和城乡建设局"),
    Kind("transport", "省交通运输厅", "{L}交通运输局"),
    Kind("agriculture", "省农业农村厅", "{L}农业农村局"),
    Kind("commerce", "省商务厅", "{L}商务局"),
    Kind("culture", "省文化和旅游厅", "{L}文旅局", "", "{L}文化和旅游局"),
    Kind("health", "省卫生健康委", "{L}卫健委", "", "{L}卫生健康委员会"),
    Kind("market", "省市场监管局", "{L}市场监管局"),
    Kind("ecology", "省生态环境厅", "{L}生态环境局"),
    Kind("emergency", "省应急管理厅", "{L}应急管理局"),
    Kind("statistics", "省统计局", "{L}统计局"),
    Kind("insurance", "省医保局", "{L}医保局"),
    Kind("data", "省数据局", "{L}数据局"),
    Kind("services", "省政务服务中心", "{L}政务服务中心"),
    Kind("veterans", "省退役军人事务厅", "{L}退役军人事务局"),
    Kind("rural", "省乡村振兴局", "{L}乡村振兴局"),
    Kind("tax", "省税务局", "{L}税务局"),
    Kind("water", "省水利厅", "{L}水利局"),
    Kind("forestry", "省林业局", "{L}林业局"),
    Kind("sports", "省体育局", "{L}体育局"),
    Kind("banking", "省地方金融监管局", "{L}地方金融监管局"),
    Kind("police", "省公安厅", "{L}公安局"),
    Kind("justice", "省司法厅", "{L}司法局"),
    # party organs
    Kind("organization", "省委组织部", "{L}委组织部"),
    Kind("publicity", "省委宣传部", "{L}委宣传部"),
    Kind("staffing", "省委编办", "{L}委编办"),
    Kind("cyberspace", "省委网信办", "{L}委网信办"),
    Kind("talent", "省委人才办", "{L}委人才办"),
    Kind("party-school", "省委党校（行政学院）", "{L}委党校（行政学院）"),
    # people's organisations
    Kind("union", "省总工会", "{L}总工会"),
    Kind("youth", "团省委", "团{L}委"),
    Kind("women", "省妇联", "{L}妇联"),
    Kind("sci-assoc", "省科协", "{L}科协"),
    Kind("disabled", "省残联", "{L}残联"),
    Kind("business-fed", "省工商联", "{L}工商联"),
)
KINDS = {kind.key: kind for kind in DEPARTMENTS}

# Lower governments addressed together, by the level of the plan that names them.
LOWER_GOVERNMENTS = {
    "省": ("各市（州）人民政府", "各市州人民政府"),
    "市": ("各区县（市）人民政府", "各县市区人民政府", "各县（市、区）人民政府", "区县（市）人民政府"),
    "县": ("各乡镇（街道）", "各乡镇人民政府（街道办事处）", "各乡镇人民政府", "各乡镇（街道）人民政府"),
    "区": ("各街道（乡镇）", "各乡镇（街道）", "各街道办事处"),
}
# Scopes of "each lower government" used in targets (每个县（市、区）建设1—2个…).
EACH_LOWER = {"省": "每个市（州）", "市": "每个县（市、区）", "县": "每个乡镇（街道）", "区": "每个街道（乡镇）"}
# Zones a city, county or district plan may task; {bare} is the place without 市/县/区.
ZONES = {"市": ("高新区", "经开区", "{bare}高新区"), "县": ("{bare}经开区",), "区": ("{bare}经开区",)}
# Partners that many measures name besides the topic's own departments.
GENERAL_PARTNERS = ("finance", "development", "statistics", "market", "land", "hrss", "publicity")

# ======================================================================================
# Topics: each plan is about one, and draws its words from it
# ======================================================================================


class Rate(NamedTuple):
    """A share or a level: 社区养老服务设施覆盖率达到90%以上."""

    metric: str
    low: int
    high: int
    rising: bool = True
    unit: str = "%"


class Count(NamedTuple):
    """Things to build, train or create: 建成社区嵌入式养老服务中心30个."""

    verb: str
    thing: str
    unit: str
    low: int
    high: int


class Amount(NamedTuple):
    """Money or a standard: 专项资金不低于3000万元, 补贴标准200元/人·月."""

    metric: str
    unit: str
    low: int
    high: int


class Topic(NamedTuple):
    key: str
    subject: str  # 养老服务 — used inside other phrases
    cores: tuple[str, ...]  # title cores: 养老服务高质量发展
    groups: tuple[str, ...]  # level-2 headings
    headings: tuple[str, ...]  # measure headings
    sentences: tuple[str, ...]  # body sentences, no numbers
    nouns: tuple[str, ...]  # what the shared sentence patterns speak of: 社区养老服务设施
    outcomes: tuple[str, ...]  # qualitative goals: 服务网络更加健全
    rates: tuple[Rate, ...]
    counts: tuple[Count, ...]
    amounts: tuple[Amount, ...]
    quoted_count: Count  # a count glued to a quoted name: 打造“幸福食堂”50个
    programmes: tuple[tuple[str, str], ...]  # (name as written, definition)
    terms: tuple[tuple[str, str], ...]
    leads: tuple[str, ...]  # department kinds that lead
    partners: tuple[str, ...]
    unknown: tuple[str, ...]  # units no registry knows, {L}-templated
    national: str  # the national document it implements


TOPICS = (
    Topic(
        key="elderly-care",
        subject="养老服务",
        cores=("养老服务体系建设", "居家社区养老服务提质", "养老服务高质量发展"),
        groups=(
            "健全居家社区养老服务网络",
            "提升机构养老服务能力",
            "深化医养康养结合",
            "加强养老服务人才队伍建设",
            "培育银发经济新业态",
            "强化养老服务综合监管",
            "完善兜底保障制度",
        ),
        headings=(
            "完善社区养老服务设施布局",
            "发展嵌入式养老服务",
            "推进家庭养老床位建设",
            "提升特困人员供养服务设施",
            "推动公办养老机构改革",
            "提高护理型床位比重",
            "支持医疗机构开展老年医疗服务",
            "加强老年健康管理",
            "拓宽养老护理员来源渠道",
            "健全养老服务职业技能评价",
            "培育老年用品消费市场",
            "推动旅居康养发展",
            "建立养老服务质量评价制度",
            "加强养老机构安全管理",
            "健全老年人能力综合评估制度",
            "完善经济困难老年人补贴政策",
            "推进老年友好型社区建设",
            "发展老年助餐服务",
        ),
        sentences=(
            "统筹利用闲置校舍、厂房和社区用房，按标准配建养老服务设施，推动服务资源向老年人身边延伸。",
            "鼓励专业化、连锁化养老服务机构运营社区养老服务站点，为居家老年人提供助餐、助浴、助洁等服务。",
            "支持养老机构与周边医疗机构签订合作协议，畅通双向转诊和急救绿色通道。",
            "将失能、半失能老年人纳入重点服务对象，建立探访关爱台账，定期开展上门服务。",
            "落实养老服务设施用地、用电、用水、用气等优惠政策，降低机构运营成本。",
            "推动智慧养老平台与政务服务平台互联互通，实现服务需求和供给精准对接。",
            "引导保险机构开发长期护理保险和商业养老保险产品，减轻家庭照护负担。",
            "加强养老护理员岗前培训和在岗轮训，提升规范化服务水平。",
            "完善养老机构等级评定办法，将评定结果与运营补贴挂钩。",
            "依托乡镇敬老院建设区域养老服务中心，增强农村养老服务辐射能力。",
            "支持老年大学向基层延伸，丰富老年人精神文化生活。",
            "推行老年人意外伤害保险，增强老年人抵御风险的能力。",
        ),
        nouns=(
            "社区养老服务设施",
            "养老服务机构",
            "老年助餐服务网络",
            "医养结合服务",
            "养老护理员队伍",
            "智慧养老服务平台",
            "农村互助养老设施",
            "老年人照护体系",
        ),
        outcomes=(
            "养老服务网络更加健全",
            "服务质量明显提升",
            "老年人获得感、幸福感、安全感显著增强",
            "医养康养结合更加紧密",
        ),
        rates=(
            Rate("社区养老服务设施覆盖率", 70, 98),
            Rate("养老机构护理型床位占比", 55, 75),
            Rate("老年人健康管理率", 65, 80),
            Rate("养老机构安全隐患发生率", 1, 4, rising=False),
        ),
        counts=(
            Count("建成", "社区嵌入式养老服务中心", "个", 10, 60),
            Count("新增", "家庭养老床位", "张", 500, 3000),
            Count("建设", "老年助餐点", "个", 50, 300),
            Count("培训", "养老护理员", "名", 500, 3000),
            Count("创建", "示范性老年友好型社区", "个", 5, 30),
        ),
        amounts=(
            Amount("养老服务体系建设专项资金", "万元", 500, 3000),
            Amount("经济困难失能老年人护理补贴标准", "元/人·月", 100, 300),
            Amount("高龄津贴发放标准", "元/年", 600, 1200),
        ),
        quoted_count=Count("打造", "“幸福食堂”", "个", 20, 80),
        programmes=(
            ("“银龄互助”行动", "组织低龄健康老年人结对帮扶高龄、独居老年人的志愿服务行动。"),
            ("“颐养家园”工程", "以乡镇为单元建设集供养、照护、康复于一体的区域养老服务综合体。"),
            ("“时间银行”", "志愿者为老年人服务的时长按规则记录储存，日后可兑换相应服务的互助养老模式。"),
        ),
        terms=(
            ("嵌入式养老服务", "在社区内就近设置小型化、多功能的养老服务设施，为老年人提供连续性照护。"),
            ("家庭养老床位", "依托专业养老机构，在老年人家中设置具备机构养老服务功能的床位。"),
        ),
        leads=("civil", "civil", "health", "housing", "hrss", "insurance"),
        partners=("health", "housing", "insurance", "emergency", "women", "disabled", "commerce"),
        unknown=("{L}养老服务指导中心", "{L}城市更新中心"),
        national="国务院关于加强新时代老龄工作的意见",
    ),
    Topic(
        key="digital-economy",
        subject="数字经济",
        cores=("数字经济高质量发展", "数字经济核心产业提速", "产业数字化转型"),
        groups=(
            "夯实数字基础设施",
            "壮大数字产业集群",
            "推进产业数字化转型",
            "提升数字化治理水平",
            "激活数据要素价值",
            "优化数字经济发展生态",
            "强化数字安全保障",
        ),
        headings=(
            "加快新型网络基础设施建设",
            "布局算力基础设施",
            "培育软件和信息技术服务业",
            "壮大电子信息制造业",
            "推进工业互联网平台建设",
            "推动中小企业数字化转型",
            "发展智慧农业",
            "培育数字商贸新业态",
            "建设城市运行管理中心",
            "推进公共数据开放共享",
            "培育数据交易市场",
            "引育数字经济领军企业",
            "加强数字技能人才培养",
            "建设数字经济产业园区",
            "提升网络和数据安全防护能力",
            "拓展数字生活应用场景",
        ),
        sentences=(
            "统筹推进千兆光网和移动通信网络建设，提升重点区域网络服务质量。",
            "引导企业上云用数赋智，推广低成本、模块化的数字化解决方案。",
            "支持龙头企业联合高校院所组建创新联合体，开展关键核心技术联合攻关。",
            "建立数字化转型服务商资源池，为企业提供诊断评估和改造方案。",
            "推动政务数据按需有序向社会开放，鼓励企业开发数据产品和服务。",
            "探索数据资产登记和评估机制，推进数据要素市场化配置改革。",
            "完善数字经济统计监测体系，定期发布产业运行分析报告。",
            "加强关键信息基础设施安全保护，健全网络安全应急处置机制。",
            "办好数字经济主题峰会和创新大赛，营造关注数字化转型的良好氛围。",
            "支持高校和职业院校增设数字经济相关专业，深化产教融合培养模式。",
            "鼓励金融机构开发数据知识产权质押等产品，拓宽企业融资渠道。",
            "推动智能网联汽车、无人机等新场景示范应用，打造开放的应用测试环境。",
        ),
        nouns=(
            "新型基础设施",
            "工业互联网平台",
            "数字化转型服务体系",
            "公共数据平台",
            "数字经济产业园区",
            "算力服务网络",
            "数据要素市场",
            "中小企业数字化服务",
        ),
        outcomes=("数字基础设施更加完善", "数字产业竞争力明显增强", "数据要素价值加快释放", "数字化治理能力显著提升"),
        rates=(
            Rate("规模以上工业企业关键工序数控化率", 55, 75),
            Rate("重点行业企业上云率", 60, 90),
            Rate("政务服务事项网上可办率", 90, 99),
        ),
        counts=(
            Count("新建", "移动通信基站", "个", 500, 3000),
            Count("培育", "数字化转型标杆企业", "家", 10, 50),
            Count("建设", "智能制造示范车间", "个", 10, 40),
            Count("打造", "数字化应用场景", "个", 20, 100),
            Count("认定", "市级工业互联网平台", "个", 3, 12),
        ),
        amounts=(
            Amount("数字经济核心产业增加值", "亿元", 300, 1200),
            Amount("数字化转型专项资金", "万元", 1000, 5000),
        ),
        quoted_count=Count("认定", "“数字车间”", "个", 10, 40),
        programmes=(
            ("“上云用数赋智”行动", "推动企业业务系统向云端迁移、运用数据优化管理、以智能化手段提升效率的专项行动。"),
            ("“数字工匠”培育计划", "面向制造业一线职工开展数字技能培训和等级认定的人才培养计划。"),
            ("“智赋万企”行动", "组织服务商为中小企业提供数字化诊断和转型方案的普惠行动。"),
        ),
        terms=(
            ("工业互联网标识解析二级节点", "为特定行业或区域提供标识注册、解析和数据服务的公共节点。"),
            ("数据要素", "参与社会生产经营活动、为使用者带来经济效益的数据资源。"),
        ),
        leads=("industry", "industry", "development", "data", "science", "cyberspace"),
        partners=("commerce", "education", "data", "science", "banking", "cyberspace", "talent"),
        unknown=("{L}数字经济促进中心",),
        national="国务院关于印发“十四五”数字经济发展规划的通知",
    ),
    Topic(
        key="rural-revitalisation",
        subject="乡村振兴",
        cores=("乡村产业振兴", "现代农业高质量发展", "和美乡村建设"),
        groups=(
            "稳定粮食和重要农产品供给",
            "做强乡村特色产业",
            "推进农村产业融合发展",
            "建设宜居宜业和美乡村",
            "深化农村改革",
            "强化农业科技和装备支撑",
            "健全联农带农机制",
        ),
        headings=(
            "严守耕地保护红线",
            "建设高标准农田",
            "提升种业自主创新能力",
            "发展特色优势产业集群",
            "培育农业产业化龙头企业",
            "发展农产品精深加工",
            "推进农村电商发展",
            "发展乡村休闲旅游",
            "整治农村人居环境",
            "推进农村供水保障工程",
            "深化农村集体产权制度改革",
            "培育新型农业经营主体",
            "推广农业机械化技术",
            "完善农产品冷链物流体系",
            "培养高素质农民",
        ),
        sentences=(
            "落实耕地保护和粮食安全党政同责，坚决遏制耕地非农化，严格管控非粮化。",
            "按照集中连片、旱涝保收的要求，统筹推进农田水利、土壤改良和田间道路建设。",
            "围绕优势特色产业建设标准化生产基地，推行绿色生产技术规程。",
            "支持龙头企业与农民合作社、家庭农场建立紧密利益联结机制，带动农户稳定增收。",
            "完善县乡村物流配送体系，畅通农产品进城和工业品下乡渠道。",
            "推进农村生活垃圾分类和资源化利用，因地制宜推进农村厕所革命。",
            "稳慎推进农村宅基地制度改革，探索闲置农房盘活利用的有效途径。",
            "鼓励返乡入乡人员创办家庭农场和农产品加工企业。",
            "加强农业防灾减灾能力建设，完善农业保险保障体系。",
            "挖掘乡村文化资源，保护传统村落和乡土特色风貌。",
            "推动农业科技特派员下沉基层，开展技术指导和产业帮扶。",
            "发展壮大村级集体经济，探索资源发包、物业出租、入股分红等实现形式。",
        ),
        nouns=(
            "高标准农田",
            "农业社会化服务体系",
            "农产品冷链物流网络",
            "农村公共基础设施",
            "乡村特色产业基地",
            "农村电商服务站点",
            "村级集体经济组织",
            "农业科技服务体系",
        ),
        outcomes=("粮食综合生产能力稳步提升", "乡村特色产业加快壮大", "农村人居环境持续改善", "农民收入较快增长"),
        rates=(
            Rate("农作物耕种收综合机械化率", 70, 90),
            Rate("农村生活污水治理率", 40, 70),
            Rate("农产品质量安全例行监测合格率", 97, 99),
        ),
        counts=(
            Count("新建", "高标准农田", "万亩", 10, 50),
            Count("培育", "市级以上农业产业化龙头企业", "家", 10, 60),
            Count("创建", "现代农业产业园", "个", 2, 8),
            Count("建设", "农产品产地冷藏保鲜设施", "个", 50, 200),
            Count("培训", "高素质农民", "人", 1000, 5000),
            Count("打造", "乡村振兴示范村", "个", 20, 100),
        ),
        amounts=(
            Amount("农业产业化财政扶持资金", "万元", 2000, 8000),
            Amount("农村居民人均可支配收入", "元", 18000, 26000),
        ),
        quoted_count=Count("评选", "“美丽屋场”", "个", 20, 100),
        programmes=(
            ("“千村示范”工程", "选择基础较好的村开展示范创建，以点带面推进和美乡村建设的工程。"),
            ("“农业特派员”制度", "选派农业科技人员驻村开展技术服务和产业指导的制度。"),
            ("“菜篮子”工程", "保障城市蔬菜、肉蛋奶等农产品稳定供应的系统工程。"),
        ),
        terms=(
            ("高标准农田", "田块平整、集中连片、设施完善、旱涝保收、宜机作业的农田。"),
            ("新型农业经营主体", "家庭农场、农民合作社、农业产业化龙头企业等规模经营主体。"),
        ),
        leads=("agriculture", "agriculture", "rural", "land", "water", "commerce"),
        partners=("rural", "land", "water", "commerce", "culture", "housing", "ecology", "forestry"),
        unknown=("{L}乡村建设服务中心",),
        national="中共中央 国务院关于做好全面推进乡村振兴重点工作的意见",
    ),
    Topic(
        key="ecology",
        subject="生态环境保护",
        cores=("生态环境保护", "大气污染防治", "美丽河湖建设"),
        groups=(
            "深入打好蓝天保卫战",
            "深入打好碧水保卫战",
            "深入打好净土保卫战",
            "推动绿色低碳转型",
            "加强生态保护修复",
            "提升环境治理能力",
            "健全环境风险防控体系",
        ),
        headings=(
            "推进重点行业超低排放改造",
            "加强挥发性有机物综合治理",
            "强化扬尘污染管控",
            "推进移动源污染防治",
            "加强饮用水水源地保护",
            "推进城镇污水管网建设",
            "开展入河排污口排查整治",
            "加强土壤污染源头防控",
            "推进固体废物减量化资源化",
            "推动能源结构清洁低碳转型",
            "开展山水林田湖草沙一体化保护修复",
            "加强生物多样性保护",
            "完善生态环境监测网络",
            "推进环境信用评价",
            "强化环境执法监管",
            "健全突发环境事件应急体系",
        ),
        sentences=(
            "严格落实重点排污单位自行监测和信息公开制度，推动治污设施稳定运行。",
            "加强施工工地、道路和物料堆场扬尘管控，推行精细化保洁作业。",
            "推进老旧柴油货车淘汰更新，加快公共领域车辆电动化。",
            "落实河湖长制，健全上下游、左右岸联防联控机制。",
            "加快补齐城镇污水收集管网短板，推进雨污分流改造。",
            "建立建设用地土壤污染状况调查评估制度，严格用地准入管理。",
            "推进工业固体废物综合利用，规范危险废物收集贮存和转移处置。",
            "推动工业园区循环化改造，推广清洁生产先进技术。",
            "持续开展森林、湿地保护修复，提升生态系统碳汇能力。",
            "加快建设生态环境智慧监管平台，提升监测预警和溯源分析能力。",
            "依法严厉打击偷排漏排、篡改伪造监测数据等违法行为。",
            "鼓励公众通过举报热线和网络平台参与环境监督。",
        ),
        nouns=(
            "生态环境监测网络",
            "污水收集处理设施",
            "固体废物处置设施",
            "排污许可管理体系",
            "生态保护修复工程",
            "环境执法队伍",
            "园区环境基础设施",
            "环境风险防控体系",
        ),
        outcomes=(
            "生态环境质量持续改善",
            "主要污染物排放总量持续减少",
            "环境风险得到有效管控",
            "绿色低碳发展水平明显提升",
        ),
        rates=(
            Rate("城市空气质量优良天数比率", 85, 95),
            Rate("地表水国控断面水质优良比例", 85, 98),
            Rate("受污染耕地安全利用率", 92, 98),
            Rate("一般工业固体废物综合利用率", 70, 90),
            Rate("重污染天数比率", 1, 3, rising=False),
        ),
        counts=(
            Count("完成", "重点行业企业超低排放改造", "家", 10, 40),
            Count("建成", "美丽河湖示范段", "个", 5, 30),
            Count("整治", "入河排污口", "个", 50, 300),
            Count("新增", "新能源公交车", "台", 100, 600),
            Count("建设", "生态环境监测站点", "个", 10, 60),
        ),
        amounts=(Amount("生态环境保护专项资金", "亿元", 1, 5),),
        quoted_count=Count("创建", "“无废细胞”", "个", 20, 100),
        programmes=(
            (
                "“无废城市”建设",
                "以创新、协调、绿色、开放、共享的新发展理念为引领，推动固体废物源头减量和资源化利用的城市发展模式。",
            ),
            ("“蓝天卫士”监控系统", "利用视频监控和智能识别技术发现秸秆焚烧、露天烧烤等行为的监管系统。"),
            ("“河湖长+”机制", "在河湖长制基础上引入检察、警务、志愿者等力量协同治水的工作机制。"),
        ),
        terms=(
            ("超低排放", "燃煤机组和重点行业企业的大气污染物排放浓度达到更严格限值的排放水平。"),
            ("入河排污口", "直接或者通过管道、沟、渠等排污通道向河流排放污水的口门。"),
        ),
        leads=("ecology", "ecology", "housing", "transport", "industry", "land"),
        partners=("water", "forestry", "agriculture", "transport", "police", "development", "emergency"),
        unknown=("{L}环境监察支队",),
        national="中共中央 国务院关于深入打好污染防治攻坚战的意见",
    ),
    Topic(
        key="employment",
        subject="就业创业",
        cores=("稳就业促创业", "高校毕业生就业创业", "就业优先战略实施"),
        groups=(
            "强化就业优先政策",
            "促进重点群体就业",
            "推进创业带动就业",
            "提升职业技能水平",
            "完善公共就业服务",
            "维护劳动者合法权益",
        ),
        headings=(
            "落实援企稳岗政策",
            "支持中小微企业吸纳就业",
            "开发公益性岗位",
            "促进高校毕业生多渠道就业",
            "做好退役军人就业安置",
            "促进农村劳动力转移就业",
            "加强困难人员就业援助",
            "优化创业担保贷款服务",
            "建设创业孵化载体",
            "实施职业技能提升行动",
            "推行企业新型学徒制",
            "建设零工市场",
            "推进公共就业服务数字化",
            "加强劳动保障监察执法",
            "维护新就业形态劳动者权益",
            "开展就业见习",
        ),
        sentences=(
            "对吸纳重点群体就业的企业，按规定落实税费减免和社会保险补贴政策。",
            "组织开展线上线下专场招聘活动，搭建用人单位和求职者对接平台。",
            "建立离校未就业高校毕业生实名服务台账，提供个性化就业指导。",
            "推动劳务协作对接，组织有序外出务工，稳定农村劳动力就业规模。",
            "简化创业担保贷款申请流程，提高审批效率和放贷速度。",
            "支持创业孵化基地为初创企业提供场地支持、政策咨询和融资对接等服务。",
            "围绕先进制造业和现代服务业需求，大规模开展订单式、定向式职业技能培训。",
            "建立健全技能人才评价体系，推行职业技能等级认定。",
            "在人力资源集中区域规范设立零工市场，为灵活就业人员提供便捷服务。",
            "畅通劳动者维权渠道，依法及时处理劳动争议案件。",
            "加大拖欠农民工工资问题治理力度，健全根治欠薪长效机制。",
            "加强就业形势监测分析，完善规模性失业风险防范预案。",
        ),
        nouns=(
            "公共就业服务体系",
            "创业孵化基地",
            "零工市场",
            "职业技能培训基地",
            "就业见习基地",
            "劳动保障监察队伍",
            "人力资源服务机构",
            "基层就业服务平台",
        ),
        outcomes=(
            "就业形势保持总体稳定",
            "重点群体就业得到有效保障",
            "创业带动就业效应持续增强",
            "劳动者技能素质明显提高",
        ),
        rates=(
            Rate("高校毕业生年底去向落实率", 85, 95),
            Rate("城镇调查失业率", 5, 6, rising=False),
            Rate("就业困难人员帮扶就业率", 90, 98),
        ),
        counts=(
            Count("新增", "城镇就业", "万人", 3, 15),
            Count("建设", "市级创业孵化示范基地", "个", 3, 12),
            Count("开发", "公益性岗位", "个", 500, 3000),
            Count("组织", "专场招聘活动", "场", 50, 200),
            Count("募集", "就业见习岗位", "个", 1000, 5000),
            Count("开展", "补贴性职业技能培训", "万人次", 2, 10),
        ),
        amounts=(Amount("创业担保贷款发放额", "亿元", 2, 10),),
        quoted_count=Count("建成", "“就业驿站”", "个", 10, 50),
        programmes=(
            ("“三支一扶”计划", "选派高校毕业生到基层从事支教、支农、支医和帮扶乡村振兴工作的计划。"),
            ("“马兰花”创业培训", "面向创业者开展的创业意识、创业计划和企业经营管理培训。"),
            ("“家门口”就业服务站", "在社区和村设立、提供岗位信息和就业指导的基层服务站点。"),
        ),
        terms=(
            ("零工市场", "为灵活就业人员和用工主体提供供需对接、技能培训等服务的公共场所。"),
            ("新就业形态", "依托互联网平台实现就业的网约配送员、网约车驾驶员等就业方式。"),
        ),
        leads=("hrss", "hrss", "education", "finance", "veterans", "agriculture"),
        partners=("education", "youth", "union", "women", "tax", "banking", "disabled", "veterans"),
        unknown=("{L}公共就业服务中心",),
        national="国务院办公厅关于进一步做好高校毕业生等青年就业创业工作的通知",
    ),
    Topic(
        key="childcare",
        subject="托育服务",
        cores=("托育服务体系建设", "婴幼儿照护服务发展", "普惠托育服务扩容"),
        groups=(
            "扩大普惠托育服务供给",
            "支持用人单位和社区提供托育服务",
            "推动托幼一体化发展",
            "加强托育人才队伍建设",
            "提升托育服务质量",
            "强化托育服务综合监管",
        ),
        headings=(
            "建设公办托育服务机构",
            "支持幼儿园开设托班",
            "发展社区嵌入式托育",
            "鼓励用人单位办托",
            "培育托育服务品牌",
            "加强托育从业人员培训",
            "完善托育服务收费政策",
            "推进托育机构备案管理",
            "加强婴幼儿健康管理",
            "开展家庭科学育儿指导",
            "建立托育服务质量评估制度",
            "加强托育机构安全监管",
            "落实托育服务用地保障",
            "推动托育服务数字化",
        ),
        sentences=(
            "新建居住区按标准配套建设托育服务设施，与住宅同步规划、同步建设、同步验收、同步交付。",
            "支持有条件的幼儿园招收适龄婴幼儿，实行托幼一体化管理。",
            "鼓励机关、企事业单位和园区利用自有场地为职工提供福利性托育服务。",
            "将托育服务从业人员纳入职业技能培训范围，提升保育照护能力。",
            "推动妇幼保健机构为托育机构提供卫生保健业务指导。",
            "依托社区服务中心开展育儿讲座和亲子活动，普及科学育儿知识。",
            "建立托育机构信息公示制度，及时向社会公布服务内容和收费项目。",
            "落实托育机构消防安全、食品安全等责任，定期开展安全隐患排查。",
            "探索发放托育服务消费券，降低家庭养育成本。",
            "支持高校和职业院校开设婴幼儿托育相关专业，扩大人才培养规模。",
            "完善托育机构用房、用电、用水等优惠政策，减轻机构运营负担。",
        ),
        nouns=(
            "普惠托育服务机构",
            "社区托育服务设施",
            "托育服务人才队伍",
            "托育综合服务中心",
            "托育机构监管体系",
            "家庭育儿指导服务",
            "用人单位托育设施",
            "托育服务信息平台",
        ),
        outcomes=(
            "托育服务供给明显增加",
            "普惠托育服务体系基本建成",
            "托育服务质量和安全水平显著提升",
            "家庭育儿负担有效减轻",
        ),
        rates=(
            Rate("普惠性托位占比", 50, 70),
            Rate("托育从业人员持证上岗率", 85, 98),
            Rate("婴幼儿健康管理率", 90, 96),
        ),
        counts=(
            Count("新增", "托位", "个", 1000, 5000),
            Count("建成", "综合托育服务中心", "个", 3, 15),
            Count("打造", "示范性托育机构", "家", 5, 30),
            Count("培训", "托育从业人员", "名", 500, 3000),
            Count("新建", "公办托育机构", "所", 5, 20),
        ),
        amounts=(
            Amount("每千人口拥有托位数", "个", 3, 5),
            Amount("托育机构运营补助资金", "万元", 200, 1000),
            Amount("公办托育机构生均运营经费标准", "元/生·年", 800, 1500),
        ),
        quoted_count=Count("建成", "“爱心托育点”", "个", 10, 40),
        programmes=(
            ("“育儿驿站”", "在社区设置、为婴幼儿家庭提供临时照护和育儿指导的服务点。"),
            ("“托育+”服务模式", "托育服务与医疗保健、早期教育等服务融合发展的模式。"),
            ("“家庭托育点”试点", "在住宅内为少量婴幼儿提供全日托、半日托等照护服务的试点。"),
        ),
        terms=(
            ("普惠托育", "面向大众、质量有保障、价格可承受的托育服务。"),
            ("托幼一体化", "幼儿园在满足适龄幼儿入园需求的基础上招收低龄婴幼儿的办园方式。"),
        ),
        leads=("health", "health", "education", "civil", "housing", "women"),
        partners=("education", "civil", "housing", "market", "women", "union", "land"),
        unknown=("{L}妇幼保健院",),
        national="国务院办公厅关于促进3岁以下婴幼儿照护服务发展的指导意见",
    ),
    Topic(
        key="culture-tourism",
        subject="文化旅游",
        cores=("文化和旅游深度融合发展", "全域旅游发展", "文旅消费提质扩容"),
        groups=(
            "优化文旅产业空间布局",
            "丰富文旅产品供给",
            "培育文旅市场主体",
            "促进文旅消费",
            "提升公共服务水平",
            "加强文化遗产保护利用",
        ),
        headings=(
            "打造精品旅游线路",
            "建设文旅融合示范区",
            "发展红色旅游",
            "推进乡村旅游提质",
            "培育夜间文旅消费集聚区",
            "发展研学旅行",
            "引进文旅龙头企业",
            "支持文创产品开发",
            "建设智慧旅游平台",
            "完善旅游交通服务设施",
            "推进旅游厕所建设管理",
            "加强非物质文化遗产传承",
            "推动文物活化利用",
            "开展文旅宣传推广",
            "规范旅游市场秩序",
        ),
        sentences=(
            "深入挖掘地方历史文化资源，推动文化元素融入景区建设和旅游服务。",
            "串联重点景区、特色小镇和传统村落，形成主题鲜明的旅游环线。",
            "支持景区开发沉浸式演艺、数字展陈等新型体验项目。",
            "鼓励街区延长营业时间，丰富夜间餐饮、购物和演艺活动。",
            "推动文旅企业与金融机构对接，拓宽文旅项目融资渠道。",
            "完善景区停车场、游客服务中心和旅游标识系统。",
            "加强导游和讲解员队伍建设，提升旅游服务品质。",
            "开展非遗进景区、进社区、进校园活动，培育非遗传承人队伍。",
            "运用新媒体平台开展城市形象推介，扩大文旅品牌影响力。",
            "建立旅游投诉快速处理机制，依法查处不合理低价游等违法违规行为。",
            "推动文物保护单位合理开放，发展文博研学和考古体验活动。",
        ),
        nouns=(
            "旅游公共服务设施",
            "精品旅游线路",
            "文旅消费场景",
            "智慧旅游平台",
            "乡村旅游重点村",
            "文化遗产保护利用设施",
            "文旅产业集聚区",
            "旅游集散服务体系",
        ),
        outcomes=("文旅产业规模持续壮大", "文旅融合发展水平明显提升", "文旅品牌影响力显著增强", "游客满意度稳步提高"),
        rates=(
            Rate("游客满意度", 90, 98),
            Rate("重点景区智慧化改造完成率", 70, 95),
        ),
        counts=(
            Count("创建", "国家等级旅游景区", "家", 3, 10),
            Count("推出", "精品旅游线路", "条", 10, 30),
            Count("培育", "文旅融合示范项目", "个", 5, 30),
            Count("建设", "夜间文旅消费集聚区", "个", 3, 10),
            Count("新建改建", "旅游厕所", "座", 50, 200),
            Count("接待", "游客", "万人次", 3000, 8000),
        ),
        amounts=(
            Amount("旅游总收入", "亿元", 300, 1000),
            Amount("文旅产业发展专项资金", "万元", 500, 3000),
        ),
        quoted_count=Count("评定", "“金牌民宿”", "家", 10, 50),
        programmes=(
            ("“文旅+”融合工程", "推动文化旅游与农业、工业、体育、康养等产业深度融合的工程。"),
            ("“非遗工坊”", "依托非物质文化遗产代表性项目开展传承和生产、带动就业的场所。"),
            ("“跟着节会去旅行”", "以节庆会展活动为牵引组织主题旅游产品的品牌活动。"),
        ),
        terms=(
            ("全域旅游", "以旅游业带动和促进经济社会协调发展的区域发展理念和模式。"),
            ("沉浸式体验", "运用声光电和数字技术，使游客身临其境参与其中的文旅体验方式。"),
        ),
        leads=("culture", "culture", "development", "transport", "commerce", "publicity"),
        partners=("transport", "commerce", "land", "housing", "agriculture", "market", "sports"),
        unknown=("{L}文旅投资集团",),
        national="国务院关于印发“十四五”旅游业发展规划的通知",
    ),
    Topic(
        key="business-environment",
        subject="营商环境",
        cores=("营商环境优化提升", "优化营商环境攻坚", "民营经济高质量发展"),
        groups=(
            "打造高效便捷的政务环境",
            "打造公平公正的法治环境",
            "打造开放包容的市场环境",
            "打造竞争有序的监管环境",
            "打造宜居宜业的人文环境",
        ),
        headings=(
            "深化“一件事一次办”改革",
            "推进工程建设项目审批制度改革",
            "优化企业开办和注销服务",
            "提升不动产登记便利度",
            "降低企业用能用地成本",
            "加强涉企收费监管",
            "完善惠企政策直达机制",
            "规范行政执法行为",
            "加强知识产权保护",
            "推进社会信用体系建设",
            "健全企业诉求响应机制",
            "清理妨碍统一市场的规定",
            "推行包容审慎监管",
            "加强政务诚信建设",
            "构建亲清政商关系",
        ),
        sentences=(
            "推动政务服务事项标准化、规范化、便利化，实现同一事项同标准受理。",
            "推行告知承诺制，压减审批环节和申报材料。",
            "依托政务服务平台推行电子证照共享应用，减少企业重复提交材料。",
            "建立惠企政策库，推动政策精准推送和免申即享。",
            "规范涉企行政检查，推行非现场监管和联合检查。",
            "依法平等保护各类市场主体产权和合法权益。",
            "完善守信联合激励和失信联合惩戒机制，推进信用修复。",
            "畅通企业诉求反映渠道，建立问题办理和反馈闭环机制。",
            "严格落实公平竞争审查制度，破除招投标领域隐性壁垒。",
            "建立政企常态化沟通机制，定期召开企业家座谈会。",
            "推行水电气网联合报装，压缩接入时间和费用。",
        ),
        nouns=(
            "政务服务体系",
            "惠企政策兑现平台",
            "社会信用体系",
            "公共资源交易平台",
            "企业诉求办理机制",
            "涉企执法监督机制",
            "知识产权保护体系",
            "中小企业服务体系",
        ),
        outcomes=("政务服务效能明显提升", "市场主体活力充分激发", "法治保障更加有力", "营商环境进入全省第一方阵"),
        rates=(
            Rate("政务服务事项全程网办率", 80, 95),
            Rate("企业诉求按期办结率", 95, 99),
            Rate("企业开办全流程办理时间", 1, 3, rising=False, unit="个工作日"),
            Rate("一般工业项目审批时间", 20, 40, rising=False, unit="个工作日"),
        ),
        counts=(
            Count("培育", "营商环境创新示范点", "个", 5, 20),
            Count("建设", "政务服务便民服务点", "个", 50, 300),
            Count("新增", "市场主体", "户", 20000, 80000),
        ),
        amounts=(Amount("为市场主体减税降费规模", "亿元", 5, 30),),
        quoted_count=Count("设立", "“企业之家”", "个", 5, 20),
        programmes=(
            ("“一网通办”", "企业和群众办事通过一个平台在线申请、一次认证即可办理的服务方式。"),
            ("“免申即享”", "符合条件的企业无需申请即可直接享受惠企政策的兑现方式。"),
            ("“企业服务日”制度", "每月固定日期由部门负责人接待企业、现场解决诉求的制度。"),
        ),
        terms=(
            ("告知承诺制", "行政机关告知办理条件和要求，申请人书面承诺符合条件即可办理的审批方式。"),
            ("包容审慎监管", "对新技术、新产业、新业态给予一定观察期、审慎实施处罚的监管方式。"),
        ),
        leads=("development", "development", "market", "services", "data", "justice"),
        partners=("market", "services", "tax", "justice", "land", "housing", "business-fed", "police"),
        unknown=("{L}营商环境服务中心",),
        national="国务院关于开展营商环境创新试点工作的意见",
    ),
)

# ======================================================================================
# Words shared by every topic
# ======================================================================================

GENERIC_SENTENCES = (
    "建立健全部门协同推进机制，定期研究解决工作中的重大问题。",
    "强化要素保障，统筹用好各级各类专项资金。",
    "加强典型经验总结推广，形成一批可复制、可推广的做法。",
    "建立工作台账，实行清单化管理、项目化推进。",
    "鼓励社会资本参与项目建设运营，形成多元投入格局。",
    "将相关工作纳入年度绩效考核，强化督促检查。",
    "加强政策解读和宣传引导，营造良好社会氛围。",
    "完善配套政策和标准规范，提升工作规范化水平。",
    "坚持试点先行、以点带面，稳步扩大改革受益范围。",
    "加强统计监测和评估分析，及时调整优化工作举措。",
    "推动服务资源向基层下沉，补齐薄弱环节短板。",
    "建立问题清单和整改清单，实行销号管理。",
)
# Patterns that speak of one of the topic's nouns: 加强{n}建设，提升服务供给能力。
SENTENCE_PATTERNS = (
    "加强{n}建设，提升服务供给能力。",
    "完善{n}运行管理制度，推动规范有序发展。",
    "加大对{n}的政策支持力度，引导社会力量积极参与。",
    "建立{n}动态监测机制，及时掌握运行情况。",
    "推动{n}标准化、规范化建设，提高服务质量和效率。",
    "统筹优化{n}布局，优先补齐农村和薄弱地区短板。",
    "鼓励有条件的地方先行先试，探索{n}发展新模式。",
    "支持{n}数字化改造，提升智能化服务水平。",
    "将{n}纳入年度重点工作，明确时间表和路线图。",
    "定期开展{n}运行评估，评估结果作为政策调整的重要依据。",
    "推进{n}共建共享，提高资源利用效率。",
    "健全{n}多元投入机制，拓宽资金筹措渠道。",
)
HEADING_PATTERNS = ("加强{n}建设", "推动{n}提质增效", "优化{n}布局", "提升{n}服务水平")
GENERIC_HEADINGS = (
    "完善政策支持体系",
    "健全协同推进机制",
    "加强基层能力建设",
    "强化示范引领",
    "深化区域交流合作",
    "推进标准化建设",
    "加强信息化支撑",
    "完善评价激励机制",
)
# Clauses that follow a footnoted programme: 深入实施“银龄互助”行动2，推动服务资源向基层延伸。
MARKER_TAILS = (
    "推动服务资源向基层延伸",
    "形成可复制可推广的经验做法",
    "不断扩大政策受益面",
    "打造具有地方特色的工作品牌",
)
PROGRAMME_LEADS = ("深入实施", "积极推广", "大力推进", "探索开展")
TERM_LEADS = ("积极推进", "加快发展", "大力推广")
GUIDING_THOUGHT = (
    "以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，完整、准确、全面贯彻新发展理念，"
    "坚持以人民为中心的发展思想，聚焦{subject}领域的突出短板和群众急难愁盼问题，以改革创新为动力，"
    "以项目建设为抓手，推动{subject}工作提质增效，为{place}经济社会高质量发展提供有力支撑。"
)
PRINCIPLES = "坚持政府引导、市场运作，坚持统筹规划、分类施策，坚持改革创新、重点突破，坚持问题导向、务求实效。"
GUARANTEES = (
    ("加强组织领导", "建立由政府分管负责同志牵头的工作协调机制，统筹推进重大事项，协调解决重点难点问题。"),
    ("强化资金保障", "统筹整合相关领域资金，加大对重点项目的支持力度，提高资金使用效益。"),
    ("严格督查考核", "将重点任务落实情况纳入绩效考核，定期通报工作进展，对工作滞后的单位进行督办。"),
    ("加强宣传引导", "充分利用各类媒体宣传政策措施和典型经验，及时回应社会关切，营造良好氛围。"),
    ("强化人才支撑", "完善人才引进、培养、使用和激励机制，为工作推进提供坚实人才保障。"),
)
PLAN_ROLE = {"实施方案": "方案", "行动方案": "方案", "三年行动计划": "计划", "若干措施": "措施", "工作要点": "要点"}
GENRES = ("实施方案", "行动方案", "三年行动计划", "若干措施", "工作要点")
GENRE_WEIGHTS = (35, 15, 20, 20, 10)
STATUSES = ("征求意见稿", "试行", "送审稿")
DOCUMENT_BRACKETS = (("〔", "〕"), ("〔", "〕"), ("〔", "〕"), ("[", "]"), ("［", "］"))
LEAD_LABELS = ("牵头单位", "牵头单位", "牵头部门")
PARTICIPANT_LABELS = ("责任单位", "配合单位", "参与单位", "责任部门", "配合部门")
VAGUE_PARENTHESES = ("（各有关部门按职责分工负责）", "（相关部门按职责分工落实）", "（各有关单位按职责分工负责）")
VAGUE_SENTENCES = (
    "各有关部门按职责分工负责。",
    "由各相关单位按照职责分工抓好落实。",
    "各有关部门要各司其职、密切配合。",
)
# Vague collectives that stand beside named units, kept as participants.
VAGUE_PARTNERS = ("各有关单位", "其他有关部门", "{level}直有关部门", "相关单位")
# Text that slips into a list of units (a lost line break, a clause): never a unit.
NOT_UNITS = ("加强统筹协调", "做好宣传引导", "推进信息共享", "确保按期完成", "落实资金保障")
# X、Y按职责分工负责 / …，Z结合实际落实: units named before what they do.
DUTY_PHRASES = ("按职责分工负责", "按照职责分工负责", "结合实际落实", "负责落实", "抓好落实")
NOTE_HEADINGS = (
    "注：",
    "名词解释",
    "附：名词解释",
    "名词注释：",
    "注：\n一、文中所称“以上”“以下”均含本数。\n二、名词注释",
)
RANGE_NOTE = "指按照国家和省有关标准测算、结合本地实际确定的合理区间。"
# Staffing ratios, written 1∶N: (metric, N).
RATIOS = {
    "elderly-care": ("养老机构护理员与失能老年人配比", 4),
    "childcare": ("乳儿班保育人员与婴幼儿配比", 3),
    "employment": ("职业技能培训基地师生比", 20),
}
CN_DIGITS = "零一二三四五六七八九十"
MEASURE_WORDS = "个家所座条场名张处"  # units that may stand before the thing they count
FULL_WIDTH = str.maketrans("0123456789.%", "０１２３４５６７８９．％")


# ======================================================================================
# Records: the plan as built, before it is written out
# ======================================================================================


@dataclass
class Target:
    comparator: str  # = > >= < <= ~ range
    value: Decimal
    value_max: Decimal | None
    unit: str
    deadline: str | None = None  # 2025 or 2025-12-31

    def truth(self) -> dict:
        return {
            "comparator": self.comparator,
            "value": _json_number(self.value),
            "value_max": _json_number(self.value_max),
            "unit": self.unit,
            "deadline": self.deadline,
        }


@dataclass
class Responsibility:
    """Who does a measure, and the words that say so."""

    format: str
    leads: list[str]
    participants: list[str]
    status: str  # assigned | no-lead | vague | unassigned
    text: str = ""  # the words, without the placement
    placement: str = "none"  # paren | sentence | line | none
    suspicious: list[str] = field(default_factory=list)  # text planted in a list of units that is no unit


@dataclass
class Sentence:
    """A body sentence. ``note`` is the key of the note whose marker the sentence holds;
    the marker is written where ``{marker}`` stands."""

    text: str
    targets: list[Target] = field(default_factory=list)
    note: str | None = None


@dataclass
class MeasureDraft:
    heading: str
    sentences: list[Sentence]
    responsibility: Responsibility
    heading_on_own_line: bool = False


@dataclass
class Note:
    key: str
    term: str
    definition: str
    anchor: str  # the words the marker is glued to: the term, or the range 60—70%


@dataclass
class Place:
    name: str  # 长沙市, 岳麓区, 湖南省
    level: str  # 省 市 县 区
    province: Province
    city: City | None
    in_title: str  # the place as the title writes it: 长沙市岳麓区

    @property
    def bare(self) -> str:
        return self.name[:-1]

    @property
    def self_word(self) -> str:
        return "我" + self.level


@dataclass
class Style:
    """Choices made once per plan."""

    genre: str
    structure: str  # groups | flat | themes | measures-as-groups
    numbering: str  # 1. | 1、 | １． | （1） | （一）
    rule: str | None  # where "the first unit leads" is stated, if anywhere
    full_width_numbers: bool
    heading_lines: bool
    indent: bool
    blank_lines: bool
    separator: str
    mistyped_group: int | None  # the group written （3） instead of （三）
    unknown_unit: str | None
    encoding: str
    newline: str
    # How responsibility is written: a main format, and the plan's way with each format.
    house_format: str
    lead_label: str
    participant_label: str
    label_between: str  # between the lead and the partner label on a line: \n ； 。\n 。
    label_end: str
    duty_placement: str  # paren | sentence | line
    inline_as_sentence: bool


@dataclass
class PlanDraft:
    seed: int
    place: Place
    topic: Topic
    style: Style
    title_lines: list[str]
    title: str
    period: tuple[int, int] | None
    period_text: str | None  # as written: （2023—2025年）
    period_in_title: bool
    status: str | None
    status_line: bool
    preamble: str
    goals: list[Sentence]
    groups: list[tuple[str, list[MeasureDraft]]]  # (heading, measures); one unnamed group when flat
    notes: list[Note]
    closing: str | None
    note_heading: str
    sections_before: list[tuple[str, str]]  # (heading, paragraph) before the goals
    guarantees: list[tuple[str, str]]
    named_in_title: bool


def _json_number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


# ======================================================================================
# Small helpers
# ======================================================================================


def chinese_numeral(number: int) -> str:
    """17 → 十七, 20 → 二十, 105 → 一百零五, 1010 → 一千零一十 (as plans number their parts)."""
    if number >= 10000:
        high, low = divmod(number, 10000)
        if low == 0:
            return chinese_numeral(high) + "万"
        low_text = ("一" if 10 <= low < 20 else "") + chinese_numeral(low)
        return chinese_numeral(high) + "万" + ("零" if low < 1000 else "") + low_text
    parts, zero = [], False
    for value, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, number = divmod(number, value)
        if digit:
            parts.append(("零" if zero else "") + CN_DIGITS[digit] + name)
            zero = False
        elif parts:
            zero = True
    written = "".join(parts) or CN_DIGITS[0]
    return written[1:] if written.startswith("一十") else written


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[key] for key in keys])[0]


def _starts_with_place(title: str) -> bool:
    """Whether a reader would take the title's first words for a place (…省 / …市 / …区)."""
    return any(char in "省市州县区旗盟" for char in title[2:9])


# ======================================================================================
# Place and units
# ======================================================================================


def choose_place(rng: random.Random) -> Place:
    """A province, city, county or district, with the form the title writes it in."""
    province = rng.choice(PROVINCES)
    level = rng.choices(("省", "市", "县"), weights=(20, 45, 35))[0]
    if level == "省":
        return Place(province.name, "省", province, None, province.name)
    city = rng.choice(province.cities)
    if level == "市":
        return Place(city.name, "市", province, city, city.name)
    county = rng.choice(city.counties)
    level = county[-1]
    in_title = city.name + county if level == "区" and rng.random() < 0.4 else county
    return Place(county, level, province, city, in_title)


def unit_name(key: str, place: Place, long: bool = False) -> str:
    """The name of a department kind at the plan's level: 市财政局, 省财政厅, 团县委."""
    kind = KINDS[key]
    if place.level == "省":
        return kind.long_provincial if long and kind.long_provincial else kind.provincial
    template = kind.long_local if long and kind.long_local else kind.local
    return template.replace("{L}", place.level)


@dataclass
class Context:
    """What every part of one plan draws on."""

    rng: random.Random
    place: Place
    topic: Topic
    style: Style
    years: tuple[int, int]  # the years deadlines fall in
    lower_government: str
    zone: str | None
    used_headings: set[str] = field(default_factory=set)
    used_sentences: set[str] = field(default_factory=set)
    measures_made: int = 0


def choose_units(ctx: Context) -> list[str]:
    """A lead and its partners, as the plan writes them; the lead comes first."""
    rng, place, topic = ctx.rng, ctx.place, ctx.topic
    lead = rng.choice(topic.leads)
    pool = [key for key in dict.fromkeys(topic.partners + GENERAL_PARTNERS) if key != lead]
    count = rng.choices(range(7), weights=(6, 20, 25, 22, 14, 8, 5))[0]
    keys = [lead, *rng.sample(pool, min(count, len(pool)))]
    names = [unit_name(key, place, long=rng.random() < 0.07) for key in keys]
    if rng.random() < 0.06:
        names.insert(rng.randint(1, len(names)), unit_name(rng.choice(("organization", "publicity", "talent")), place))
    if ctx.style.unknown_unit and rng.random() < 0.2:
        names.insert(rng.randint(1, len(names)), ctx.style.unknown_unit)
    if ctx.zone and rng.random() < 0.12:
        names.append(ctx.zone)
    if rng.random() < 0.3:
        names.append(ctx.lower_government)
    return list(dict.fromkeys(names))


# ======================================================================================
# Responsibility: the words that say who does a measure
# ======================================================================================

RULE_FORMATS = {"list": 55, "labelled": 10, "labelled-line": 6, "duty": 10, "inline": 7, "vague": 6, "none": 6}
NO_RULE_FORMATS = {"labelled": 28, "labelled-line": 12, "inline": 12, "duty": 14, "list": 8, "vague": 12, "none": 12}
RULE_STATEMENTS = ("排第一位为牵头单位，下同", "排在第一位的为牵头单位，下同", "列第一位的为牵头单位，下同")


def _join(rng: random.Random, names: list[str], separator: str) -> str:
    """Units joined as the plan joins them; a trailing lower government sometimes after a comma
    (省发展改革委、省科技厅，各市（州）人民政府)."""
    if len(names) > 1 and separator == "、" and names[-1].startswith(("各", "区县")) and rng.random() < 0.4:
        return "、".join(names[:-1]) + "，" + names[-1]
    return separator.join(names)


def make_responsibility(ctx: Context, first: bool) -> Responsibility:
    """Choose a format for one measure and write its units in it."""
    rng, style = ctx.rng, ctx.style
    rule = style.rule is not None
    if first and style.rule == "first-measure":
        units = choose_units(ctx)
        text = f"（{_join(rng, units, style.separator)}，{rng.choice(RULE_STATEMENTS)}）"
        return Responsibility("list", units[:1], units[1:], "assigned", text, "paren")
    weights = dict(RULE_FORMATS if rule else NO_RULE_FORMATS)
    weights[style.house_format] = sum(weights.values()) * 2  # most measures are written the house way
    kind = _pick(rng, weights)
    if kind == "none":
        return Responsibility("none", [], [], "unassigned")
    if kind == "vague":
        if rng.random() < 0.5:
            return Responsibility("vague", [], [], "vague", rng.choice(VAGUE_PARENTHESES), "paren")
        return Responsibility("vague", [], [], "vague", rng.choice(VAGUE_SENTENCES), "sentence")
    units = choose_units(ctx)
    if kind == "list":
        text = f"（{_join(rng, units, style.separator)}）"
        if rule:
            return Responsibility("list", units[:1], units[1:], "assigned", text, "paren")
        return Responsibility("list", [], units, "no-lead", text, "paren")
    if kind == "duty":
        return _duty(ctx, units, rule)
    if kind == "inline":
        return _inline(rng, units, style.inline_as_sentence)
    return _labelled(ctx, units, on_own_line=kind == "labelled-line")


def _duty(ctx: Context, units: list[str], rule: bool) -> Responsibility:
    """责任单位：… only. The first unit leads only where the plan states that rule."""
    rng, style = ctx.rng, ctx.style
    if rng.random() < 0.15:
        text = f"{'、'.join(units)}{rng.choice(DUTY_PHRASES)}。"
        if rule:
            return Responsibility("duty", units[:1], units[1:], "assigned", text, "sentence")
        return Responsibility("duty", [], units, "no-lead", text, "sentence")
    label = "责任部门" if style.participant_label.endswith("部门") else "责任单位"
    listed = _join(rng, units, style.separator)
    placement = style.duty_placement if rng.random() < 0.85 else rng.choice(("paren", "sentence", "line"))
    if placement == "paren":
        text = f"（{label}：{listed}）"
    else:
        text = f"{label}：{listed}" + ("。" if placement == "sentence" else style.label_end)
    if rule:
        return Responsibility("duty", units[:1], units[1:], "assigned", text, placement)
    return Responsibility("duty", [], units, "no-lead", text, placement)


def _inline(rng: random.Random, units: list[str], as_sentence: bool) -> Responsibility:
    """区教育局牵头，区财政局、区人社局配合 — in the trailing parenthesis, or as a sentence."""
    lead, partners = units[0], units[1:]
    listed = "、".join(partners)
    if not partners:
        text = rng.choice((f"{lead}牵头", f"由{lead}牵头负责"))
    else:
        text = rng.choice(
            (
                f"{lead}牵头，{listed}配合",
                f"{lead}负责牵头，{listed}参与",
                f"由{lead}牵头，{listed}等部门配合",
                f"{lead}（牵头）、{listed}",
            )
        )
    if as_sentence and not text.startswith(f"{lead}（"):
        return Responsibility("inline", [lead], partners, "assigned", text + "。", "sentence")
    return Responsibility("inline", [lead], partners, "assigned", f"（{text}）", "paren")


def _labelled(ctx: Context, units: list[str], on_own_line: bool) -> Responsibility:
    """（牵头单位：…；责任单位：…）, or the same labels on lines of their own."""
    rng, style = ctx.rng, ctx.style
    lead_count = 2 if len(units) > 2 and rng.random() < 0.1 else 1
    leads, partners = units[:lead_count], units[lead_count:]
    lead_label = style.lead_label if rng.random() < 0.85 else rng.choice(LEAD_LABELS)
    partner_label = style.participant_label if rng.random() < 0.85 else rng.choice(PARTICIPANT_LABELS)
    if partners and rng.random() < 0.1:
        partners = partners + [rng.choice(VAGUE_PARTNERS).format(level=ctx.place.level)]
    listed = list(partners)
    planted = []
    if partners and rng.random() < 0.06:
        planted = [rng.choice(NOT_UNITS)]
        listed.insert(rng.randint(1, len(listed)), planted[0])
    lead_part = f"{lead_label}：{'、'.join(leads)}"
    partner_part = (
        f"{partner_label}：{'、'.join(listed) if planted else _join(rng, listed, style.separator)}" if listed else ""
    )
    if not on_own_line:
        between = "；" if style.separator != "；" else "，"
        inside = lead_part + (between + partner_part if partner_part else "")
        return Responsibility("labelled", leads, partners, "assigned", f"（{inside}）", "paren", planted)
    text = lead_part + (style.label_between + partner_part if partner_part else "") + style.label_end
    return Responsibility("labelled-line", leads, partners, "assigned", text, "line", planted)


def rule_line(rng: random.Random, structure: str) -> str:
    """A line that states once that the first unit leads."""
    item = "措施" if structure == "measures-as-groups" else "任务"
    return rng.choice(
        (
            f"（以下各项{item}排在第一位的为牵头单位）",
            f"（各项{item}中排在首位的为牵头单位，下同）",
        )
    )


# ======================================================================================
# Targets: numbers with a unit and a comparator, and numbers that are not targets
# ======================================================================================

RATE_FORMS = {
    ">=": ("{m}达到{v}{u}以上", "{m}不低于{v}{u}", "{m}提高到{v}{u}以上"),
    ">": ("{m}超过{v}{u}", "{m}高于{v}{u}"),
    "~": ("{m}达到{v}{u}左右", "{m}提升至{v}{u}左右"),
    "=": ("{m}达到{v}{u}", "{m}提高到{v}{u}"),
    "<=": ("{m}控制在{v}{u}以内", "{m}不超过{v}{u}", "{m}降至{v}{u}以下"),
    "<": ("{m}低于{v}{u}",),
    "range": ("{m}保持在{a}—{b}{u}", "{m}达到{a}{u}—{b}{u}"),
}
COUNT_FORMS = {
    "=": ("{verb}{thing}{v}{u}", "{verb}{v}{u}{thing}*"),
    ">=": (
        "{verb}{thing}不少于{v}{u}",
        "{verb}{thing}{v}{u}以上",
        "{verb}不少于{v}{u}{thing}*",
        "{verb}{v}{u}以上{thing}*",
        "至少{verb}{v}{u}{thing}*",
    ),
    ">": ("{verb}{thing}超过{v}{u}",),
    "~": ("{verb}{v}{u}左右{thing}*", "{verb}{thing}{v}{u}左右", "{verb}{thing}约{v}{u}"),
    "range": ("{verb}{thing}{a}—{b}{u}", "{verb}{a}—{b}{u}{thing}*", "{each}{verb}{a}—{b}{u}{thing}*"),
}
AMOUNT_FORMS = {
    "=": ("{m}达到{v}{u}",),
    ">=": ("{m}不低于{v}{u}", "{m}达到{v}{u}以上"),
    "~": ("{m}达到{v}{u}左右",),
    "range": ("每年安排{m}{a}{u}至{b}{u}",),
}
# Numbers that are no targets: versions, dates, document numbers, hotlines, idioms, codes.
DISTRACTORS = (
    "推动{subject}综合服务平台迭代升级至{version}.0版本，提升线上服务能力。",
    "自{year}年{month}月{day}日起，推行服务事项清单化管理。",
    "严格执行《{place}{subject}管理办法》（{code}{open}{year}{close}{number}号）有关规定。",
    "开通{subject}服务专线，并与12345政务服务便民热线联动对接。",
    "推广“一{x}一策”精准服务，提高政策落地实效。",
    "引入第三方机构开展年度评估，评估结果向社会公开。",
    "推进IPv6规模部署应用，拓展远程服务应用场景。",
)


def _number_text(ctx: Context, value: Decimal, count_unit: str | None = None) -> str:
    """A value as the plan writes it: 60, ６０, or 两 / 三 before a measure word."""
    rng = ctx.rng
    if count_unit and count_unit in MEASURE_WORDS and value == value.to_integral_value() and 2 <= value <= 10:
        if rng.random() < 0.2:
            return "两" if value == 2 else CN_DIGITS[int(value)]
    text = str(value)
    if ctx.style.full_width_numbers and rng.random() < 0.5:
        return text.translate(FULL_WIDTH)
    return text


def _unit_text(ctx: Context, unit: str) -> str:
    if unit == "%" and ctx.style.full_width_numbers and ctx.rng.random() < 0.3:
        return "％"
    return unit


def _value(rng: random.Random, low: int, high: int, halves: bool) -> Decimal:
    """A value in [low, high]; large ones round, as plans write them (3000, not 2987)."""
    value = rng.randint(low, high)
    for limit, step in ((10000, 1000), (1000, 100), (100, 10)):
        if value >= limit:
            value = max(low, value // step * step)
            break
    result = Decimal(value)
    if halves and value < high and rng.random() < 0.2:
        result += Decimal("0.5")
    return result


def rate_clause(ctx: Context, rate: Rate) -> tuple[str, Target]:
    rng = ctx.rng
    if rate.unit != "%":  # 压缩至3个工作日以内
        weights = {">=": 1} if rate.rising else {"<=": 1}
    else:
        weights = {">=": 5, ">": 2, "~": 2, "=": 2, "range": 1} if rate.rising else {"<=": 5, "<": 1}
    comparator = _pick(rng, weights)
    form = rng.choice(RATE_FORMS[comparator])
    unit = _unit_text(ctx, rate.unit)
    if comparator == "range":
        low = rng.randint(rate.low, max(rate.low, rate.high - 5))
        high = min(low + rng.choice((5, 10, 15)), 100)
        text = form.format(m=rate.metric, a=_number_text(ctx, Decimal(low)), b=_number_text(ctx, Decimal(high)), u=unit)
        return text, Target("range", Decimal(low), Decimal(high), rate.unit)
    value = _value(rng, rate.low, rate.high, halves=rate.unit == "%")
    text = form.format(m=rate.metric, v=_number_text(ctx, value), u=unit)
    return text, Target(comparator, value, None, rate.unit)


def count_clause(ctx: Context, count: Count) -> tuple[str, Target]:
    rng = ctx.rng
    comparator = _pick(rng, {"=": 4, ">=": 4, ">": 1, "~": 2, "range": 2})
    forms = COUNT_FORMS[comparator]
    if count.unit not in MEASURE_WORDS:  # 万亩, 万人次 …: the thing is named before the value
        forms = tuple(form for form in forms if not form.endswith("*"))
    form = rng.choice(forms).rstrip("*")
    if comparator == "range":
        each = "{each}" in form
        low = rng.randint(1, 4) if each else int(_value(rng, count.low, max(count.low, count.high // 2), False))
        high = low + (rng.randint(1, 3) if each else max(1, low // 2))
        text = form.format(
            verb=count.verb,
            thing=count.thing,
            each=EACH_LOWER[ctx.place.level],
            a=_number_text(ctx, Decimal(low)),
            b=_number_text(ctx, Decimal(high)),
            u=count.unit,
        )
        return text, Target("range", Decimal(low), Decimal(high), count.unit)
    value = _value(rng, count.low, count.high, False)
    text = form.format(verb=count.verb, thing=count.thing, v=_number_text(ctx, value, count.unit), u=count.unit)
    return text, Target(comparator, value, None, count.unit)


def quoted_count_clause(ctx: Context) -> tuple[str, Target]:
    """A count glued to a quoted name — 打造“幸福食堂”50个 — which is no footnote marker."""
    count, rng = ctx.topic.quoted_count, ctx.rng
    comparator, suffix = rng.choice((("=", ""), (">=", "以上"), ("~", "左右")))
    value = _value(rng, count.low, count.high, False)
    return f"{count.verb}{count.thing}{value}{count.unit}{suffix}", Target(comparator, value, None, count.unit)


def amount_clause(ctx: Context, amount: Amount) -> tuple[str, Target]:
    rng = ctx.rng
    ranges = amount.unit in ("万元", "亿元")
    comparator = _pick(rng, {"=": 2, ">=": 4, "~": 2, "range": 2 if ranges else 0})
    form = rng.choice(AMOUNT_FORMS[comparator])
    halves = amount.high <= 10
    if comparator == "range":
        low = int(_value(rng, amount.low, max(amount.low, amount.high // 2), False))
        high = low * 2
        text = form.format(
            m=amount.metric, a=_number_text(ctx, Decimal(low)), b=_number_text(ctx, Decimal(high)), u=amount.unit
        )
        return text, Target("range", Decimal(low), Decimal(high), amount.unit)
    value = _value(rng, amount.low, amount.high, halves)
    text = form.format(m=amount.metric, v=_number_text(ctx, value), u=amount.unit)
    return text, Target(comparator, value, None, amount.unit)


def multiple_clause(ctx: Context, count: Count) -> tuple[str, Target]:
    """…数量达到现有规模的2倍以上."""
    rng = ctx.rng
    value = Decimal(rng.choice(("1.5", "2", "2.5", "3")))
    comparator = rng.choice((">=", "="))
    suffix = "以上" if comparator == ">=" else ""
    text = f"{count.thing}数量达到现有规模的{_number_text(ctx, value)}倍{suffix}"
    return text, Target(comparator, value, None, "倍")


def ratio_clause(ctx: Context) -> tuple[str, Target]:
    """乳儿班保育人员与婴幼儿配比不低于1∶3 — read as 1 with the unit ∶3."""
    metric, right = RATIOS[ctx.topic.key]
    colon = ctx.rng.choice(("∶", "∶", "："))
    comparator, word = ctx.rng.choice(((">=", "不低于"), ("=", "达到")))
    return f"{metric}{word}1{colon}{right}", Target(comparator, Decimal(1), None, f"∶{right}")


def any_clause(ctx: Context) -> tuple[str, Target]:
    topic, rng = ctx.topic, ctx.rng
    kind = _pick(rng, {"rate": 4, "count": 5, "amount": 2, "multiple": 1, "ratio": 0.5 if topic.key in RATIOS else 0})
    if kind == "rate":
        return rate_clause(ctx, rng.choice(topic.rates))
    if kind == "amount":
        return amount_clause(ctx, rng.choice(topic.amounts))
    if kind == "ratio":
        return ratio_clause(ctx)
    if kind == "multiple":
        return multiple_clause(ctx, rng.choice([c for c in topic.counts if c.unit in MEASURE_WORDS] or topic.counts))
    return count_clause(ctx, rng.choice(topic.counts))


def deadline(ctx: Context) -> tuple[str, str | None] | None:
    """A deadline phrase for the head of a sentence and the date it stands for (None for a
    horizon such as 三年内), or None for no deadline."""
    rng = ctx.rng
    year = rng.randint(*ctx.years)
    weights = {
        "none": 35,
        "by": 30,
        "by-end": 10,
        "before-end": 15,
        "strive": 10,
        "within": 3,
        "five-year-plan": 3 if ctx.years[0] <= 2025 else 0,
    }
    choice = _pick(rng, weights)
    if choice == "none":
        return None
    if choice == "by":
        return f"到{year}年", str(year)
    if choice == "by-end":
        return f"到{year}年底", f"{year}-12-31"
    if choice == "before-end":
        return f"{year}年底前", f"{year}-12-31"
    if choice == "within":
        span = rng.choice((2, 3))
        return rng.choice((f"力争{span}年内", f"力争{CN_DIGITS[span]}年内", f"力争{span}—{span + 2}年内")), None
    if choice == "five-year-plan":
        return rng.choice(("“十四五”期间", "“十四五”末")), "2025"
    return f"力争到{year}年", str(year)


def target_sentence(ctx: Context) -> Sentence:
    """到2025年，服务网络更加健全，A达到60%以上，新建B不少于20个。 — a deadline at the
    head of the sentence covers every target in it."""
    rng = ctx.rng
    when = deadline(ctx)
    parts, targets = [], []
    if rng.random() < 0.3:
        parts.append(rng.choice(ctx.topic.outcomes))
    for _ in range(rng.choices((1, 2), weights=(3, 1))[0]):
        text, target = any_clause(ctx)
        parts.append(text)
        targets.append(target)
    if when:
        parts.insert(0, when[0])
        for target in targets:
            target.deadline = when[1]
    return Sentence("，".join(parts) + "。", targets)


def distractor_sentence(ctx: Context) -> Sentence:
    """A sentence whose numbers are dates, versions, document numbers or codes."""
    rng, place = ctx.rng, ctx.place
    opening, closing = rng.choice(DOCUMENT_BRACKETS)
    text = rng.choice(DISTRACTORS).format(
        subject=ctx.topic.subject,
        version=rng.randint(2, 4),
        year=rng.randint(ctx.years[0] - 2, ctx.years[0]),
        month=rng.randint(1, 12),
        day=rng.randint(1, 28),
        place=place.name,
        code=document_code(place, rng),
        open=opening,
        close=closing,
        number=rng.randint(1, 40),
        x=rng.choice("企村户园校"),
    )
    return Sentence(text)


def document_code(place: Place, rng: random.Random) -> str:
    """The issuer code of a document number: 湘政发, 长政办发, 宁政发."""
    office = rng.choice(("政发", "政办发"))
    if place.level == "省":
        return place.province.code + office
    if place.level == "市":
        return place.city.code + office
    return place.name[0] + office


# ======================================================================================
# Measures
# ======================================================================================

MAX_SENTENCES = 5


def _heading(ctx: Context) -> str:
    """A heading not used yet in this plan, while any is left."""
    composed = tuple(pattern.format(n=noun) for noun in ctx.topic.nouns for pattern in HEADING_PATTERNS)
    for pool in (ctx.topic.headings, ctx.topic.headings + GENERIC_HEADINGS + composed):
        unused = [heading for heading in pool if heading not in ctx.used_headings]
        if unused:
            heading = ctx.rng.choice(unused)
            ctx.used_headings.add(heading)
            return heading
    return ctx.rng.choice(ctx.topic.headings)


def padding_sentence(ctx: Context, measure: MeasureDraft) -> Sentence:
    """A body sentence without numbers: one the plan has not used yet while any is left,
    and never a second of the same pattern in one measure."""
    rng, topic = ctx.rng, ctx.topic
    present = {sentence.text for sentence in measure.sentences}
    kind = _pick(rng, {"topic": 3, "generic": 1, "pattern": 3})
    if kind == "pattern":
        patterns = [p for p in SENTENCE_PATTERNS if not any(_of_pattern(text, p) for text in present)]
        candidates = [pattern.format(n=noun) for pattern in patterns for noun in topic.nouns]
    else:
        candidates = list(topic.sentences if kind == "topic" else GENERIC_SENTENCES)
    candidates = [text for text in candidates if text not in present]
    fresh = [text for text in candidates if text not in ctx.used_sentences]
    pool = fresh or candidates or [text for text in topic.sentences + GENERIC_SENTENCES if text not in present]
    text = rng.choice(pool)
    ctx.used_sentences.add(text)
    return Sentence(text)


def _of_pattern(text: str, pattern: str) -> bool:
    head, tail = pattern.split("{n}")
    return text.startswith(head) and text.endswith(tail)


def new_measure(ctx: Context) -> MeasureDraft:
    """One measure: heading, one or two plain sentences, maybe a target, and its units."""
    rng = ctx.rng
    first = ctx.measures_made == 0
    ctx.measures_made += 1
    measure = MeasureDraft(
        _heading(ctx),
        [],
        make_responsibility(ctx, first),
        heading_on_own_line=ctx.style.heading_lines and rng.random() < 0.5,
    )
    for _ in range(rng.randint(1, 2)):
        measure.sentences.append(padding_sentence(ctx, measure))
    if rng.random() < 0.4:
        measure.sentences.insert(rng.randint(0, len(measure.sentences)), target_sentence(ctx))
    return measure


def insert_sentence(ctx: Context, measure: MeasureDraft, sentence: Sentence) -> None:
    measure.sentences.insert(ctx.rng.randint(0, len(measure.sentences)), sentence)


# ======================================================================================
# The plan as a whole
# ======================================================================================


def choose_style(rng: random.Random, place: Place, topic: Topic) -> Style:
    genre = rng.choices(GENRES, weights=GENRE_WEIGHTS)[0]
    if genre == "若干措施":
        structure, numbering = "measures-as-groups", "（一）"
    else:
        if genre == "工作要点":
            structure = rng.choice(("themes", "themes", "groups"))
        else:
            structure = _pick(rng, {"groups": 70, "flat": 15, "themes": 15})
        numbering = _pick(rng, {"1.": 45, "1、": 25, "１．": 15, "（1）": 15})
    rule = _pick(rng, {"none": 45, "first-measure": 25, "task-line": 15, "preamble": 15})
    unknown = None
    if place.level != "省" and rng.random() < 0.3:
        unknown = rng.choice(topic.unknown).replace("{L}", place.level)
    encoding = _pick(rng, {"utf-8": 90, "gb18030": 5, "utf-8-sig": 5})
    rule = None if rule == "none" else rule
    return Style(
        genre=genre,
        structure=structure,
        numbering=numbering,
        rule=rule,
        full_width_numbers=numbering == "１．" or rng.random() < 0.05,
        heading_lines=rng.random() < 0.1,
        indent=rng.random() < 0.3,
        blank_lines=rng.random() < 0.2,
        separator=_pick(rng, {"、": 85, "，": 10, "；": 5}),
        mistyped_group=None,
        unknown_unit=unknown,
        encoding=encoding,
        newline="\r\n" if rng.random() < 0.15 else "\n",
        house_format=_pick(rng, RULE_FORMATS if rule else NO_RULE_FORMATS),
        lead_label=rng.choice(LEAD_LABELS),
        participant_label=rng.choice(PARTICIPANT_LABELS),
        label_between=_pick(rng, {"\n": 45, "；": 40, "。\n": 9, "。": 6}),
        label_end=rng.choice(("", "。")),
        duty_placement=rng.choice(("paren", "sentence", "line")),
        inline_as_sentence=rng.random() < 0.12,
    )


def choose_period(rng: random.Random, genre: str) -> tuple[tuple[int, int] | None, int]:
    """The plan's period, if it states one, and the year it is written in."""
    start = rng.randint(2021, 2025)
    if genre == "三年行动计划":
        return (start, start + 2), start
    if genre in ("实施方案", "行动方案") and rng.random() < 0.65:
        return (start, start + rng.choice((2, 4))), start
    if genre == "若干措施" and rng.random() < 0.15:
        return (start, start + 2), start
    return None, start


def make_title(rng: random.Random, place: Place, topic: Topic, genre: str, year: int) -> tuple[str, bool]:
    """The title without period or status, and whether it names the place."""
    core = rng.choice(topic.cores)
    verb = rng.choice(("加快推进", "促进", "推动", "支持"))
    if genre == "工作要点":
        return f"{place.in_title}{year}年{topic.subject}工作要点", True
    forms = {
        "实施方案": (f"{core}实施方案", f"关于{verb}{core}的实施方案"),
        "行动方案": (f"{core}行动方案", f"{core}专项行动方案"),
        "三年行动计划": (f"{core}三年行动计划",),
        "若干措施": (f"关于{verb}{core}的若干措施", f"{verb}{core}若干措施"),
    }
    body = rng.choice(forms[genre])
    if body.startswith("关于") and rng.random() < 0.25 and not _starts_with_place(body):
        return body, False
    return place.in_title + body, True


def make_preamble(ctx: Context, role: str, year: int) -> str:
    rng, place, topic = ctx.rng, ctx.place, ctx.topic
    citations = [_cite(rng, topic.national, year)]
    if place.level != "省" and rng.random() < 0.7:
        opening, closing = rng.choice(DOCUMENT_BRACKETS)
        province = place.province
        inner = f"{province.name}{rng.choice(topic.cores)}实施方案"
        citations.append(
            f"《{province.name}人民政府关于印发〈{inner}〉的通知》"
            f"（{province.code}政发{opening}{year - rng.randint(0, 1)}{closing}{rng.randint(1, 30)}号）"
        )
    cited = "和".join(citations) if len(citations) == 2 else citations[0]
    purpose = rng.choice(
        (f"加快推进{topic.subject}高质量发展", f"进一步提升{topic.subject}水平", f"推动{topic.subject}工作取得新突破")
    )
    ending = f"制定本{role}" if role != "措施" else "现提出如下措施"
    text = f"为深入贯彻落实{cited}精神，{purpose}，结合{place.self_word}实际，{ending}。"
    if ctx.style.rule == "preamble":
        item = "措施" if role == "措施" else "任务"
        text = text[:-1] + f"（以下各项{item}排在第一位的为牵头单位）。"
    return text


def _cite(rng: random.Random, title: str, year: int) -> str:
    code = "中发" if title.startswith("中共中央") else "国办发" if title.startswith("国务院办公厅") else "国发"
    opening, closing = rng.choice(DOCUMENT_BRACKETS)
    return f"《{title}》（{code}{opening}{year - rng.randint(1, 2)}{closing}{rng.randint(1, 40)}号）"


def make_notes(ctx: Context, measures: list[MeasureDraft]) -> list[Note]:
    """2–5 notes; most are marked by a digit glued after their term in one measure."""
    rng, topic = ctx.rng, ctx.topic
    entries = list(topic.programmes + topic.terms)
    rng.shuffle(entries)
    notes = []
    free = list(measures)
    rng.shuffle(free)
    for index, (term, definition) in enumerate(entries[: rng.randint(2, 4)]):
        marked = bool(free) and rng.random() < 0.8
        key = f"note-{index}"
        if marked:
            lead = rng.choice(PROGRAMME_LEADS if (term, definition) in topic.programmes else TERM_LEADS)
            sentence = f"{lead}{term}{{marker}}，{rng.choice(MARKER_TAILS)}。"
            insert_sentence(ctx, free.pop(), Sentence(sentence, note=key))
        notes.append(Note(key, term, definition, term))
    if free and rng.random() < 0.2:
        notes.append(_range_note(ctx, free.pop()))
    return notes


def _range_note(ctx: Context, measure: MeasureDraft) -> Note:
    """A marker glued after a range target: …保持在60—70%3 (note 3; the range is 60—70%)."""
    rng = ctx.rng
    rate = rng.choice([rate for rate in ctx.topic.rates if rate.unit == "%"])
    low = rng.randint(rate.low, max(rate.low, rate.high - 5))
    high = min(low + rng.choice((5, 10, 15)), 100)
    target = Target("range", Decimal(low), Decimal(high), "%")
    text = f"{rate.metric}保持在{low}—{high}%"
    when = deadline(ctx)
    if when:
        target.deadline = when[1]
        text = f"{when[0]}，{text}"
    insert_sentence(ctx, measure, Sentence(text + "{marker}。", [target], note="range"))
    return Note("range", f"{rate.metric}{low}—{high}%", RANGE_NOTE, f"{low}—{high}%")


def draft_plan(seed: int, target_bytes: int, measure_count: int | None = None) -> tuple[PlanDraft, Context]:
    """A plan's draft, before any padding. ``measure_count`` sets how many measures it has
    (benchmarks/versions.py); without it the count follows from ``target_bytes``. Either
    way the random draws are the same, so the rest of the plan does not change."""
    rng = random.Random(seed)
    place = choose_place(rng)
    topic = rng.choice(TOPICS)
    style = choose_style(rng, place, topic)
    period, year = choose_period(rng, style.genre)
    years = (period[0], period[1]) if period else (year, year + 2)
    zones = ZONES.get(place.level)
    ctx = Context(
        rng,
        place,
        topic,
        style,
        years,
        lower_government=rng.choice(LOWER_GOVERNMENTS[place.level]),
        zone=rng.choice(zones).replace("{bare}", place.bare) if zones and rng.random() < 0.5 else None,
    )
    role = PLAN_ROLE[style.genre]
    title, named = make_title(rng, place, topic, style.genre, year)
    title_lines, period_text, period_in_title, status, status_line = _front_matter(rng, title, period, style.genre)

    drawn = max(3, int((target_bytes - 4500) / rng.uniform(650, 950)))
    measure_count = drawn if measure_count is None else max(1, measure_count)
    group_count = {
        "groups": max(2, min(7, round(measure_count / 3.5))),
        "flat": 1,
        "themes": max(2, min(5, round(measure_count / 4))),
        "measures-as-groups": 1 if rng.random() < 0.5 else max(2, min(5, round(measure_count / 4))),
    }
    count = group_count[style.structure]
    headings = rng.sample(topic.groups, min(count, len(topic.groups)))
    groups: list[tuple[str, list[MeasureDraft]]] = [(heading, []) for heading in headings]
    for index in range(measure_count):
        groups[min(index * len(groups) // measure_count, len(groups) - 1)][1].append(new_measure(ctx))
    if style.structure == "groups" and style.numbering != "（1）" and len(groups) >= 3 and rng.random() < 0.15:
        style.mistyped_group = rng.randint(2, len(groups))
    measures = [m for _, group in groups for m in group]
    notes = make_notes(ctx, measures) if rng.random() < 0.75 else []
    for measure in rng.sample(measures, min(len(measures), rng.randint(1, 3))):
        insert_sentence(ctx, measure, distractor_sentence(ctx))
    if rng.random() < 0.5:
        text, target = quoted_count_clause(ctx)
        insert_sentence(ctx, rng.choice(measures), Sentence(text + "。", [target]))

    goals: list[Sentence] = []
    sections_before: list[tuple[str, str]] = []
    if style.structure != "measures-as-groups":
        guiding = GUIDING_THOUGHT.format(subject=topic.subject, place=place.name)
        sections_before.append((rng.choice(("指导思想", "总体要求")), guiding))
        if rng.random() < 0.3:
            sections_before.append(("基本原则", PRINCIPLES))
        if rng.random() < 0.8:
            goal = goal_sentence(ctx, years[1])
            others = [outcome for outcome in topic.outcomes if outcome not in goal.text]
            goals = [goal, Sentence("，".join(rng.sample(others, 2)) + "。")]
    guarantees = rng.sample(GUARANTEES, rng.randint(2, 4)) if style.structure != "measures-as-groups" else []
    closing = _closing(rng, role, year) if rng.random() < 0.7 else None
    draft = PlanDraft(
        seed=seed,
        place=place,
        topic=topic,
        style=style,
        title_lines=title_lines,
        title=title,
        period=period,
        period_text=period_text,
        period_in_title=period_in_title,
        status=status,
        status_line=status_line,
        preamble=make_preamble(ctx, role, year),
        goals=goals,
        groups=groups,
        notes=notes,
        closing=closing,
        note_heading=rng.choice(NOTE_HEADINGS),
        sections_before=sections_before,
        guarantees=guarantees,
        named_in_title=named,
    )
    return draft, ctx


def goal_sentence(ctx: Context, end: int) -> Sentence:
    """到2025年，<outcome>，<target>，<target>。 — the deadline at the head covers every target."""
    rng = ctx.rng
    when, date = rng.choice(((f"到{end}年", str(end)), (f"到{end}年底", f"{end}-12-31")))
    parts, targets = [when, rng.choice(ctx.topic.outcomes)], []
    for _ in range(rng.randint(1, 3)):
        text, target = any_clause(ctx)
        target.deadline = date
        parts.append(text)
        targets.append(target)
    return Sentence("，".join(parts) + "。", targets)


def _front_matter(
    rng: random.Random, title: str, period: tuple[int, int] | None, genre: str
) -> tuple[list[str], str | None, bool, str | None, bool]:
    """Title lines, the period as written and whether it is glued to the title, the status
    and whether it stands on a line of its own."""
    status = rng.choice(STATUSES) if rng.random() < 0.2 else None
    status_line = status is not None and rng.random() < 0.6
    written = title
    period_text, in_title = None, False
    if period:
        dash = rng.choice(("-", "—", "—", "－", "至"))
        period_text = f"（{period[0]}{dash}{period[1]}年）"
        in_title = rng.random() < (0.5 if genre == "三年行动计划" else 0.3)
        if in_title:
            written += period_text
    if status and not status_line:
        written += f"（{status}）"
    lines = [written]
    if len(title) > 14 and rng.random() < 0.1:
        cut = rng.randint(len(title) // 2, len(title) - 4)
        lines = [written[:cut], written[cut:]]
    return lines, period_text, in_title, status, status_line


def _closing(rng: random.Random, role: str, year: int) -> str:
    return rng.choice(
        (
            f"本{role}自印发之日起施行。",
            f"本{role}自发布之日起实施。",
            f"本{role}自{year}年{rng.randint(1, 12)}月1日起施行，有效期{rng.choice((2, 3, 5))}年。",
        )
    )


# ======================================================================================
# Writing the plan out, with its truth
# ======================================================================================

GOAL_TITLES = ("主要目标", "工作目标", "发展目标")
TASK_TITLES = ("重点任务", "主要任务", "任务措施", "重点工作")
GUARANTEE_TITLES = ("保障措施", "组织保障", "保障机制")


def measure_label(numbering: str, number: int) -> str:
    if numbering == "（一）":
        return f"（{chinese_numeral(number)}）"
    if numbering == "（1）":
        return f"（{number}）"
    if numbering == "１．":
        return f"{number}．".translate(FULL_WIDTH)
    return f"{number}{numbering[-1]}"


def note_numbers(draft: PlanDraft) -> dict[str, int]:
    """Notes are numbered in the order their markers appear, unmarked notes last."""
    numbers: dict[str, int] = {}
    for _, measures in draft.groups:
        for measure in measures:
            for sentence in measure.sentences:
                if sentence.note and sentence.note not in numbers:
                    numbers[sentence.note] = len(numbers) + 1
    for note in draft.notes:
        numbers.setdefault(note.key, len(numbers) + 1)
    return numbers


class _Writer:
    """Lines of a plan, with the plan's indentation."""

    def __init__(self, style: Style):
        self.lines: list[str] = []
        self.indent = "\u3000\u3000" if style.indent else ""
        self.blank_lines = style.blank_lines

    def front(self, line: str) -> None:
        self.lines.append(line)

    def para(self, text: str) -> None:
        self.lines.extend(self.indent + line for line in text.split("\n"))

    def section(self, number: int, title: str) -> None:
        if self.blank_lines:
            self.lines.append("")
        self.para(f"{chinese_numeral(number)}、{title}")


def render(draft: PlanDraft) -> tuple[str, dict]:
    """The plan's text (LF line ends, not yet encoded) and its truth."""
    rng = random.Random(f"render-{draft.seed}")  # section titles: independent of the padding
    style, writer = draft.style, _Writer(draft.style)
    numbers = note_numbers(draft)
    marked_in: dict[str, int] = {}
    truth_measures: list[dict] = []

    def measures_of(measures: list[MeasureDraft]) -> None:
        for measure in measures:
            number = len(truth_measures) + 1
            writer.para(_measure_text(measure, measure_label(style.numbering, number), numbers))
            for sentence in measure.sentences:
                if sentence.note:
                    marked_in.setdefault(sentence.note, number)
            truth_measures.append(_measure_truth(measure, number))

    for line in draft.title_lines:
        writer.front(line)
    if draft.period_text and not draft.period_in_title:
        writer.front(draft.period_text)
    if draft.status and draft.status_line:
        writer.front(f"（{draft.status}）")
    if style.blank_lines:
        writer.front("")
    writer.para(draft.preamble)
    rule = rule_line(rng, style.structure) if style.rule == "task-line" else None

    section = 0
    if style.structure == "measures-as-groups":
        if rule:
            writer.para(rule)
        named_groups = len(draft.groups) > 1
        for heading, measures in draft.groups:
            if named_groups:
                section += 1
                writer.section(section, heading)
            measures_of(measures)
    else:
        for heading, paragraph in draft.sections_before:
            section += 1
            writer.section(section, heading)
            writer.para(paragraph)
        if draft.goals:
            section += 1
            writer.section(section, rng.choice(GOAL_TITLES))
            writer.para("".join(sentence.text for sentence in draft.goals))
        if style.structure == "themes":
            if rule:
                writer.para(rule)
            for heading, measures in draft.groups:
                section += 1
                writer.section(section, heading)
                measures_of(measures)
        else:
            section += 1
            writer.section(section, rng.choice(TASK_TITLES))
            if rule:
                writer.para(rule)
            for index, (heading, measures) in enumerate(draft.groups, start=1):
                if style.structure == "groups":
                    label = f"（{index}）" if index == style.mistyped_group else f"（{chinese_numeral(index)}）"
                    writer.para(label + heading)
                measures_of(measures)
        if draft.guarantees:
            section += 1
            writer.section(section, rng.choice(GUARANTEE_TITLES))
            for index, (heading, paragraph) in enumerate(draft.guarantees, start=1):
                writer.para(f"（{chinese_numeral(index)}）{heading}。{paragraph}")
    if draft.closing:
        writer.para(draft.closing)
    if draft.notes:
        writer.para(draft.note_heading)
        separator = rng.choice((".", ".", "、"))
        for note in sorted(draft.notes, key=lambda n: numbers[n.key]):
            writer.para(f"{numbers[note.key]}{separator}{note.term}：{note.definition}")
    text = "\n".join(writer.lines) + "\n"
    return text, _plan_truth(draft, truth_measures, numbers, marked_in)


def _measure_text(measure: MeasureDraft, label: str, numbers: dict[str, int]) -> str:
    body = "".join(
        sentence.text.replace("{marker}", str(numbers[sentence.note])) if sentence.note else sentence.text
        for sentence in measure.sentences
    )
    head = f"{label}{measure.heading}" + ("\n" if measure.heading_on_own_line else "。")
    responsibility = measure.responsibility
    if responsibility.placement == "line":
        return f"{head}{body}\n{responsibility.text}"
    return head + body + responsibility.text


def _measure_truth(measure: MeasureDraft, number: int) -> dict:
    responsibility = measure.responsibility
    return {
        "number": number,
        "heading": measure.heading,
        "leads": list(responsibility.leads),
        "participants": list(responsibility.participants),
        "status": responsibility.status,
        "format": responsibility.format,
        "placement": responsibility.placement,
        "responsibility_text": responsibility.text,
        "suspicious": list(responsibility.suspicious),
        "targets": [target.truth() for sentence in measure.sentences for target in sentence.targets],
    }


def _plan_truth(draft: PlanDraft, measures: list[dict], numbers: dict[str, int], marked_in: dict[str, int]) -> dict:
    style, place = draft.style, draft.place
    notes = [
        {
            "number": numbers[note.key],
            "term": note.term,
            "marked_in": marked_in.get(note.key),
            "marker": f"{note.anchor}{numbers[note.key]}" if note.key in marked_in else None,
        }
        for note in sorted(draft.notes, key=lambda n: numbers[n.key])
    ]
    return {
        "seed": draft.seed,
        "encoding": style.encoding,
        "newline": "CRLF" if style.newline == "\r\n" else "LF",
        "title": draft.title,
        "period": list(draft.period) if draft.period else None,
        "period_text": draft.period_text,
        "period_in_title": draft.period_in_title,
        "status": draft.status,
        "genre": style.genre,
        "topic": draft.topic.key,
        "issuer": {
            "place": place.in_title if draft.named_in_title else None,
            "name": place.name,
            "level": place.level,
        },
        "structure": style.structure,
        "numbering": style.numbering,
        "first_is_lead_rule": style.rule,
        "measure_count": len(measures),
        "measures": measures,
        "goal_targets": [target.truth() for sentence in draft.goals for target in sentence.targets],
        "notes": notes,
    }


def encode_plan(text: str, truth: dict) -> bytes:
    """The bytes of a plan file, in the encoding and with the line ends its truth records."""
    if truth["newline"] == "CRLF":
        text = text.replace("\n", "\r\n")
    return text.encode(truth["encoding"])


# ======================================================================================
# Size, and the public API
# ======================================================================================

DEFAULT_KB = (9.0, 24.0, 19.0)  # low, high, mode of the size of a default plan
SENTENCE_BYTES = 140  # about one body sentence in UTF-8


def _grow(ctx: Context, draft: PlanDraft) -> None:
    """One more sentence in a measure that has room, else one more measure."""
    measures = [m for _, group in draft.groups for m in group if len(m.sentences) < MAX_SENTENCES]
    if measures:
        measure = ctx.rng.choice(measures)
        insert_sentence(ctx, measure, padding_sentence(ctx, measure))
        return
    smallest = min(draft.groups, key=lambda group: len(group[1]))
    smallest[1].append(new_measure(ctx))


def generate_plan(seed: int, size_kb: float | None = None) -> tuple[str, dict]:
    """A plan's text and its truth. The same seed (and size) always gives the same plan.

    Without ``size_kb`` the file is 8–25 KB, as real plans are; with it, the plan has more
    measures and longer bodies, to about ``size_kb`` KB in its encoding."""
    sizer = random.Random(f"size-{seed}")
    kilobytes = size_kb if size_kb is not None else sizer.triangular(*DEFAULT_KB)
    target_bytes = int(kilobytes * 1024)
    draft, ctx = draft_plan(seed, target_bytes)
    text, truth = render(draft)
    while (size := len(encode_plan(text, truth))) < target_bytes * 0.97:
        for _ in range(max(1, (target_bytes - size) // SENTENCE_BYTES // 2)):
            _grow(ctx, draft)
        text, truth = render(draft)
    return text, truth


def plan_seed(seed: int, index: int) -> int:
    """The seed of the index-th plan (1-based) of a run with ``seed``."""
    return seed * 1_000_003 + index


def generate(n: int, outdir: str | Path, seed: int = 0, size_kb: float | None = None) -> list[Path]:
    """Write n plans and truth.jsonl into outdir; return the plan files' paths."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    paths, lines = [], []
    seen: set[tuple[str, str]] = set()
    attempt = 0
    for index in range(1, n + 1):
        # Two plans with one title and period are one plan to policykg (its id is made from
        # them): a corpus holds each only once, as a real corpus would.
        while True:
            attempt += 1
            text, truth = generate_plan(plan_seed(seed, attempt), size_kb)
            identity = (truth["title"], str(truth["period"]))
            if identity not in seen:
                seen.add(identity)
                break
        path = outdir / f"plan-{index:05d}.txt"
        _write_atomically(path, encode_plan(text, truth))
        paths.append(path)
        lines.append(json.dumps({"file": path.name, **truth}, ensure_ascii=False))
    _write_atomically(outdir / "truth.jsonl", ("\n".join(lines) + "\n").encode("utf-8"))
    return paths


def _write_atomically(path: Path, data: bytes) -> None:
    partial = path.with_name(path.name + ".part")
    partial.write_bytes(data)
    partial.replace(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="generate.py", description="Write synthetic policy implementation plans and their truth.jsonl."
    )
    parser.add_argument("n", type=int, help="how many plans")
    parser.add_argument("outdir", type=Path, help="where to write plan-00001.txt … and truth.jsonl")
    parser.add_argument("--seed", type=int, default=0, help="seed of the run (default 0)")
    parser.add_argument("--size-kb", type=float, default=None, help="pad each plan to about this many KB")
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("N must be 0 or more")
    if args.size_kb is not None and args.size_kb <= 0:
        parser.error("--size-kb must be positive")
    try:
        generate(args.n, args.outdir, seed=args.seed, size_kb=args.size_kb)
    except OSError as error:
        print(f"Error: cannot write to {args.outdir}: {error.strerror}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
