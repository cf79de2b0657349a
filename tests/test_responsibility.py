"""Stage 3: who does each measure, in every format of docs/genre.md."""

from kg.extract.responsibility import LeadBasis, ResponsibilityFormat, Status, extract
from kg.read import decode
from kg.structure import parse


def responsibilities(text: str, encoding: str = "utf-8"):
    document = parse(decode(text.encode(encoding), "test.txt"))
    return {r.measure: r for r in extract(document)}


def names(responsibility):
    return [u.name for u in responsibility.leads], [u.name for u in responsibility.participants]


SEED_ASSIGNMENTS = {
    1: (["市委组织部"], ["市委宣传部", "市委教育工委"]),
    2: (["市教育局"], ["市人社局"]),
    3: (["市教育局"], ["区县（市）人民政府", "市发改委", "市财政局", "市自规局"]),
    4: (
        ["市教育局"],
        [
            "市发改委",
            "市财政局",
            "市工信局",
            "市自规局",
            "市人社局",
            "市委编办",
            "市卫健委",
            "市农业农村局",
            "市乡村振兴局",
            "市科技局",
            "高新区",
        ],
    ),
    5: (
        ["市教育局"],
        ["市发改委", "市财政局", "市工信局", "市自规局", "高新区", "市农业农村局", "市人社局", "区县（市）人民政府"],
    ),
    6: (
        ["市教育局"],
        [
            "市发改委",
            "市财政局",
            "市工信局",
            "市自规局",
            "市卫健委",
            "高新区",
            "市农业农村局",
            "市人社局",
            "市文旅广体局",
            "区县（市）人民政府",
        ],
    ),
    7: (["市教育局"], ["区县（市）人民政府", "市人社局", "市农业农村局", "市乡村振兴局", "市民政局", "市财政局"]),
    8: (["市教育局"], ["市人社局", "市工信局"]),
    9: (["市教育局"], ["市人社局", "市工信局", "市发改委"]),
    10: (["市发改委"], ["市教育局", "市财政局", "市工信局", "市自规局", "市人社局"]),
    11: (["市教育局"], ["市人社局", "市工信局"]),
    12: (["市教育局"], ["市人社局"]),
    13: (["市教育局"], ["市人社局"]),
    14: (["市教育局"], ["市人社局", "市委编办", "市财政局"]),
    15: (["市人社局"], ["市委宣传部", "市委组织部", "市教育局"]),
    16: (["市教育局"], ["区县（市）人民政府"]),
    17: (["市财政局"], ["市教育局", "市人社局"]),
    18: (["市财政局"], ["市教育局", "市人社局", "区县（市）人民政府"]),
    19: (["市委组织部"], ["市教育局", "市人社局", "市政府督查室"]),
}


def test_seed_every_measure_exactly_as_written(seed):
    found = {r.measure: names(r) for r in seed.responsibilities}
    assert found == SEED_ASSIGNMENTS
    assert {r.lead_basis for r in seed.responsibilities} == {LeadBasis.FIRST_IS_LEAD_RULE}
    assert {r.format for r in seed.responsibilities} == {ResponsibilityFormat.UNIT_LIST}


def test_seed_unit_spans_point_at_the_names(seed):
    original = seed.document.text.original
    for responsibility in seed.responsibilities:
        for position, unit in enumerate(responsibility.units, start=1):
            assert original[unit.span[0] : unit.span[1]] == unit.name
            assert unit.position == position


def test_trailing_list_with_rule_stated_once_applies_to_the_following_measures():
    found = responsibilities(
        """
        某市方案
        一、任务
        1.甲。内容。（市教育局、市财政局，排第一位为牵头单位，下同）
        2.乙。内容。（市人社局、区县（市）人民政府、市教育局）
        """
    )
    assert names(found[1]) == (["市教育局"], ["市财政局"])
    assert names(found[2]) == (["市人社局"], ["区县（市）人民政府", "市教育局"])
    assert found[2].lead_basis is LeadBasis.FIRST_IS_LEAD_RULE


def test_rule_stated_in_the_preamble_applies_to_lists_and_to_unlabelled_responsibility_lines():
    found = responsibilities(
        """
        某省若干措施
        为促进发展，提出如下措施（以下各项措施排在第一位的为牵头单位）。
        一、财税支持
        （一）落实减税政策。内容。责任单位：省财政厅、省税务局，各市（州）人民政府。
        （二）设立专项资金。内容。
        责任单位：省财政厅、省工业和信息化厅
        （三）扩大信贷。内容。（省地方金融监管局、人民银行长沙中心支行）
        """
    )
    assert names(found[1]) == (["省财政厅"], ["省税务局", "各市（州）人民政府"])
    assert found[1].format is ResponsibilityFormat.LABELLED
    assert names(found[2]) == (["省财政厅"], ["省工业和信息化厅"])
    assert names(found[3]) == (["省地方金融监管局"], ["人民银行长沙中心支行"])


def test_unit_list_without_a_stated_rule_has_no_lead():
    found = responsibilities("某县工作要点\n一、任务\n1、改厕。完成改厕。（县农业农村局、县卫健局、各乡镇人民政府）\n")
    assert names(found[1]) == ([], ["县农业农村局", "县卫健局", "各乡镇人民政府"])
    assert found[1].status is Status.NO_LEAD
    assert found[1].lead_basis is LeadBasis.NONE


LABELLED = """
某区养老服务体系建设行动方案
一、重点任务
1．建设中心。内容。（牵头单位：区民政局；责任单位：区财政局、区住建局、各街道（乡镇））
2．发展服务。内容。（责任单位：区民政局、区卫健委）
3．加大投入。统筹安排资金。
牵头单位：区财政局
配合单位：区民政局，区审计局
4．加强队伍建设。各有关部门按职责分工负责。
5．推进医养结合。（区卫健委牵头，区民政局、区医保局配合）
6．优化营商环境。（具体方案另行制定）
7．强化督查。（牵头部门：区政府办；参与部门：区纪委监委）
8．完善机制。内容。（市教育局（牵头）、市财政局）
"""


def test_labelled_lead_and_responsible_units():
    found = responsibilities(LABELLED)
    assert names(found[1]) == (["区民政局"], ["区财政局", "区住建局", "各街道（乡镇）"])
    assert [u.label for u in found[1].units] == ["牵头单位", "责任单位", "责任单位", "责任单位"]
    assert found[1].lead_basis is LeadBasis.LABEL
    assert names(found[7]) == (["区政府办"], ["区纪委监委"])


def test_only_responsible_units_means_no_lead():
    found = responsibilities(LABELLED)
    assert names(found[2]) == ([], ["区民政局", "区卫健委"])
    assert found[2].status is Status.NO_LEAD


def test_labelled_lines_after_the_measure():
    found = responsibilities(LABELLED)
    assert names(found[3]) == (["区财政局"], ["区民政局", "区审计局"])
    assert [u.label for u in found[3].units] == ["牵头单位", "配合单位", "配合单位"]


def test_vague_responsibility_is_recorded_not_invented():
    found = responsibilities(LABELLED)
    assert found[4].units == ()
    assert found[4].status is Status.VAGUE
    assert found[4].vague_text == "各有关部门按职责分工负责"


def test_inline_lead_and_participant_marks():
    found = responsibilities(LABELLED)
    assert names(found[5]) == (["区卫健委"], ["区民政局", "区医保局"])
    assert names(found[8]) == (["市教育局"], ["市财政局"])


def test_a_trailing_parenthesis_that_names_no_units_is_not_responsibility():
    found = responsibilities(LABELLED)
    assert found[6].units == ()
    assert found[6].status is Status.UNASSIGNED


def test_measure_with_nobody_named():
    found = responsibilities("某市方案\n一、任务\n1.加强宣传。营造良好氛围。\n")
    assert found[1].status is Status.UNASSIGNED
    assert found[1].clause_span is None


def test_nested_parentheses_inside_unit_names():
    found = responsibilities(
        "某市方案\n一、任务\n1.甲。内容。（市教育局、各区县（市）人民政府、各街道（乡镇），排第一位为牵头单位）\n"
    )
    assert names(found[1]) == (["市教育局"], ["各区县（市）人民政府", "各街道（乡镇）"])


def test_gb18030_input_with_full_width_digits_gives_the_same_assignments():
    text = "某市方案\n一、任务\n１．甲。内容。（市教育局、市财政局，排第一位为牵头单位，下同）\n２．乙。（市人社局）\n"
    assert {n: names(r) for n, r in responsibilities(text, "gb18030").items()} == {
        1: (["市教育局"], ["市财政局"]),
        2: (["市人社局"], []),
    }


def test_half_width_parentheses_and_colons():
    found = responsibilities("某区方案\n一、任务\n1.甲。内容。(牵头单位:区民政局;责任单位:区财政局)\n")
    assert names(found[1]) == (["区民政局"], ["区财政局"])


def test_units_on_the_heading_line_keep_the_measure_text_that_follows():
    text = (
        "某县工作方案\n一、重点任务\n1.加强组织领导（责任单位：县委办、县政府办）\n各乡镇要成立工作专班，确保各项任务落地见效。\n"
        "2.强化督导考核（牵头单位：县委督查室）\n各乡镇要定期督查，确保各项措施落实到位。\n二、保障措施\n全县各级各部门要提高认识。\n"
    )
    document = parse(decode(text.encode("utf-8"), "test.txt"))
    found = {r.measure: r for r in extract(document)}
    assert names(found[1]) == ([], ["县委办", "县政府办"])
    assert names(found[2]) == (["县委督查室"], [])
    assert [document.quote(m.body_span) for m in document.measures] == [
        "各乡镇要成立工作专班，确保各项任务落地见效。",
        "各乡镇要定期督查，确保各项措施落实到位。",
    ]


def test_roles_and_duties_written_after_the_names_in_either_order():
    found = responsibilities(
        "某市方案\n一、任务\n1.甲。内容。（市教育局牵头落实，市财政局配合）\n"
        "2.乙。内容。市发改委为牵头单位，市财政局、市统计局为配合单位。\n"
        "3.丙。内容。由市商务局负责牵头，市交通运输局参与。\n"
    )
    assert names(found[1]) == (["市教育局"], ["市财政局"])
    assert names(found[2]) == (["市发改委"], ["市财政局", "市统计局"])
    assert names(found[3]) == (["市商务局"], ["市交通运输局"])


def test_lists_in_square_brackets_and_a_unit_whose_place_starts_with_a_conjunction():
    found = responsibilities(
        "某市方案\n一、任务\n1.甲。内容。【牵头单位：市教育局；责任单位：市财政局、市人社局】\n"
        "2.乙。内容。[责任单位：市发改委、市统计局]\n"
        "3.丙。内容。【市教育局、和平区教育局、市财政局，排第一位为牵头单位】\n"
    )
    assert names(found[1]) == (["市教育局"], ["市财政局", "市人社局"])
    assert names(found[2]) == ([], ["市发改委", "市统计局"])
    assert names(found[3]) == (["市教育局"], ["和平区教育局", "市财政局"])
    assert found[3].format is ResponsibilityFormat.UNIT_LIST


def test_a_clause_opening_before_the_unit_is_no_part_of_its_name():
    found = responsibilities(
        "某市方案\n一、任务\n1.甲。内容。（此项工作由市教育局牵头负责，市财政局等部门配合）\n"
        "2.乙。内容。该项任务由市发改委负责牵头，市统计局参与。\n"
    )
    assert names(found[1]) == (["市教育局"], ["市财政局"])
    assert names(found[2]) == (["市发改委"], ["市统计局"])


def test_a_bracketed_labelled_list_before_the_heading_is_the_measures_responsibility_and_not_its_heading():
    text = (
        "某市行动方案\n一、任务\n"
        "1.［牵头单位：市商务局；责任单位：市财政局、区县（市）人民政府］扩大外贸规模。支持企业参展。\n"
        "2. 【责任单位：市交通运输局】畅通物流通道。新开国际货运航线2条。（2025年底前完成）\n"
    )
    document = parse(decode(text.encode("utf-8"), "test.txt"))
    found = {r.measure: r for r in extract(document)}
    assert [m.heading for m in document.measures] == ["扩大外贸规模", "畅通物流通道"]
    assert names(found[1]) == (["市商务局"], ["市财政局", "区县（市）人民政府"])
    assert (found[1].format, found[1].status) == (ResponsibilityFormat.LABELLED, Status.ASSIGNED)
    assert document.quote(found[1].clause_span) == "［牵头单位：市商务局；责任单位：市财政局、区县（市）人民政府］"
    assert names(found[2]) == ([], ["市交通运输局"])  # the trailing deadline in brackets names nobody
    assert found[2].status is Status.NO_LEAD


def test_a_unit_charged_with_the_task_beside_units_that_assist_leads_it():
    found = responsibilities(
        """
        某县水利工作要点
        一、任务
        1、修塘坝。内容。（县水利局负责，县财政局配合）
        2、治河道。内容。由县水利局、县农业农村局具体负责落实，县财政局协助。
        3、护水源。内容。（县水利局、县生态环境分局按职责分工负责，各乡镇人民政府配合）
        4、建水厂。内容。（县水利局负责）
        5、查隐患。内容。（县应急局负责，县水利局牵头）
        """
    )
    assert names(found[1]) == (["县水利局"], ["县财政局"])
    assert found[1].lead_basis is LeadBasis.CHARGED and found[1].status is Status.ASSIGNED
    assert names(found[2]) == (["县水利局", "县农业农村局"], ["县财政局"])
    assert found[2].lead_basis is LeadBasis.CHARGED
    # The work shared out, or one unit alone: nobody is set above the others.
    assert names(found[3]) == ([], ["县水利局", "县生态环境分局", "各乡镇人民政府"])
    assert names(found[4]) == ([], ["县水利局"])
    assert found[3].lead_basis is found[4].lead_basis is LeadBasis.NONE
    # A written 牵头 outranks the reading.
    assert names(found[5]) == (["县水利局"], ["县应急局"])
    assert found[5].lead_basis is LeadBasis.LABEL


def test_the_charged_basis_is_written_into_the_graph(tmp_path):
    from kg import pipeline
    from kg.vocab import PK

    plan = tmp_path / "plan.txt"
    plan.write_text("某县工作要点\n一、任务\n1、修塘坝。内容。（县水利局负责，县财政局配合）\n", encoding="utf-8")
    built = pipeline.process(plan)
    assert [q.object for q in built.quads if q.predicate == PK.leadBasis] == [PK.ChargedBesideAssisting]


def test_an_item_that_lists_a_units_duties_is_that_units():
    found = responsibilities(
        """
        某市创建工作方案
        一、部门职责
        （一）市住建局：负责城市市容环境卫生管理。
        （二）市财政局、市发改委：主要负责资金筹措和项目申报。
        （三）市卫健委：配合做好病媒生物防制。
        （四）工作机制：建立月调度制度。
        （五）各有关部门：负责做好本部门工作。
        """
    )
    assert names(found[1]) == (["市住建局"], [])
    assert found[1].lead_basis is LeadBasis.CHARGED
    assert names(found[2]) == (["市财政局", "市发改委"], [])
    assert names(found[3]) == ([], ["市卫健委"]) and found[3].status is Status.NO_LEAD
    # No unit before the colon, or only a vague collective: nobody is named.
    assert found[4].status is Status.UNASSIGNED and found[5].units == ()


def test_a_list_after_each_clause_names_the_measures_units_once():
    found = responsibilities(
        """
        某市教育工作要点
        一、重点工作
        1.推进学前教育。新建幼儿园5所（责任单位：市教育局、市发改委）；改造学校20所（市教育局、市住建局），配备校车30辆（市教育局、市公安局）。
        2.招聘教师。招聘教师300名（牵头单位：市人社局；配合单位：市教育局），落实待遇（牵头单位：市财政局；配合单位：市人社局）。
        3.培育企业。支持龙头企业（集团公司）做大，培育1个示范区县（市），引进企业（含外资企业）10家。（市工信局、市商务局）
        """
    )
    assert names(found[1]) == ([], ["市教育局", "市发改委", "市住建局", "市公安局"])
    # A unit that leads one clause leads the measure, named once.
    assert names(found[2]) == (["市人社局", "市财政局"], ["市教育局"])
    # Brackets that say more of a thing or narrow a name are no lists.
    assert names(found[3]) == ([], ["市工信局", "市商务局"])


def test_a_list_written_once_for_several_tasks_is_each_ones_that_names_nobody():
    found = responsibilities(
        """
        某市环境整治方案
        一、重点任务
        （一）整治城区（牵头单位：市城管局；配合单位：各区人民政府）
        1．清理垃圾死角。
        2．规范门前三包。（市商务局）
        （二）整治农村
        3．建设垃圾收运体系。
        4．开展村庄清洁。
        以上任务由市农业农村局牵头，市生态环境局配合。
        """
    )
    # The group's heading list, where the measure names nobody; its own list otherwise.
    assert names(found[1]) == (["市城管局"], ["各区人民政府"])
    assert names(found[2]) == ([], ["市商务局"])
    # The closing sentence, for every measure of its group.
    assert names(found[3]) == names(found[4]) == (["市农业农村局"], ["市生态环境局"])


def test_units_joined_by_huitong_or_he_are_split_between_names_never_inside_one():
    found = responsibilities(
        "某市方案\n一、任务\n"
        "1.甲。内容。市劳动和社会保障局会同市人事局负责，市财政局配合。\n"
        "2.乙。内容。由市住房和城乡建设局会同市财政局负责。\n"
        "3.丙。内容。市住房和城乡建设局和市财政局按职责分工负责。\n"
        "4.丁。内容。（市农业农村和水利局、市人力资源和社会保障局）\n"
    )
    assert names(found[1]) == (["市劳动和社会保障局"], ["市人事局", "市财政局"])
    assert names(found[2]) == (["市住房和城乡建设局"], ["市财政局"])
    assert names(found[3]) == ([], ["市住房和城乡建设局", "市财政局"])
    assert names(found[4]) == ([], ["市农业农村和水利局", "市人力资源和社会保障局"])
    assert not any("会同" in unit.name for r in found.values() for unit in r.units)


def test_places_before_the_last_share_its_government_and_departments_share_none():
    from kg.names import names_a_place, shared_government

    assert shared_government(["海口市", "三亚市人民政府"]) == "人民政府"
    assert shared_government(["甲县", "乙县政府"]) == "政府"
    assert shared_government(["市教育局", "三亚市人民政府"]) is None
    assert shared_government(["某某新区", "三亚市人民政府"]) is None and shared_government(["三亚市人民政府"]) is None
    assert not names_a_place("各县") and not names_a_place("区县") and not names_a_place("产业园区")
    text = (
        "某省方案\n一、任务\n1.甲。内容。（省交通运输厅牵头，海口市、三亚市人民政府配合）\n"
        "2.乙。内容。（省财政厅、涪城区、游仙区政府）\n"
        "3.丙。内容。（省商务厅、省财政厅人民政府）\n"
    )
    document = parse(decode(text.encode("utf-8"), "test.txt"))
    found = {r.measure: r for r in extract(document)}
    assert names(found[1]) == (["省交通运输厅"], ["海口市人民政府", "三亚市人民政府"])
    assert names(found[2]) == ([], ["省财政厅", "涪城区政府", "游仙区政府"])
    assert names(found[3]) == ([], ["省商务厅", "省财政厅人民政府"])
    # Each government's span is where its place is written.
    assert [document.quote(unit.span) for unit in found[1].participants] == ["海口市", "三亚市人民政府"]


def test_a_names_own_tortoise_shell_brackets_are_read_as_full_width_and_half_width_ones_kept():
    found = responsibilities(
        "某省方案\n一、任务\n1.甲。内容。（省商务厅牵头，省财政厅，各县〔市、区〕人民政府配合）\n"
        "2.乙。内容。（责任单位：省扶贫办、各县〔市〕人民政府、省统计局）\n"
        "3.丙。内容。省民政厅牵头，各市(州)人民政府配合。\n"
    )
    assert names(found[1]) == (["省商务厅"], ["省财政厅", "各县（市、区）人民政府"])
    assert names(found[2]) == ([], ["省扶贫办", "各县（市）人民政府", "省统计局"])
    assert names(found[3]) == (["省民政厅"], ["各市(州)人民政府"])


def test_names_between_role_clauses_and_roles_in_sentences_of_their_own():
    found = responsibilities(
        "某市方案\n一、任务\n"
        "1.甲。内容。市人社局牵头，市教育局、市财政局，团市委、市妇联配合。\n"
        "2.乙。内容。市人社局牵头。市教育局、团市委配合。\n"
        "3.丙。内容。市民政局负责。市财政局配合。\n"
        "4.丁。各区要建立月报制度。市统计局牵头，市人社局配合。\n"
    )
    assert names(found[1]) == (["市人社局"], ["市教育局", "市财政局", "团市委", "市妇联"])
    assert names(found[2]) == (["市人社局"], ["市教育局", "团市委"])
    assert names(found[3]) == (["市民政局"], ["市财政局"]) and found[3].lead_basis is LeadBasis.CHARGED
    assert names(found[4]) == (["市统计局"], ["市人社局"])


def test_a_responsibility_statement_before_the_measures_text_is_read():
    found = responsibilities(
        "某市方案\n一、任务\n"
        "（一）甲\n区文旅局牵头，区财政局、区商务局配合。年内举办活动12场。\n"
        "（二）乙\n区住建局负责，区城管局协助\n改造老旧小区30个。\n"
        "（三）丙\n区卫健委牵头。区医保局配合。家庭医生签约率达到75%。\n"
        "（四）丁\n区财政局要加大投入，保障资金需求。年度投入不低于5000万元。\n"
        "（五）戊\n区教育局、区财政局\n新建学校2所。\n"
        "（六）己\n各有关部门按职责分工负责。完成率达到100%。\n"
    )
    assert names(found[1]) == (["区文旅局"], ["区财政局", "区商务局"])
    assert found[1].format is ResponsibilityFormat.UNIT_LIST and found[1].lead_basis is LeadBasis.LABEL
    assert names(found[2]) == (["区住建局"], ["区城管局"]) and found[2].lead_basis is LeadBasis.CHARGED
    assert names(found[3]) == (["区卫健委"], ["区医保局"])
    # A sentence that only opens with a unit, or names with no role: no statement.
    assert found[4].status is found[5].status is Status.UNASSIGNED
    assert found[6].status is Status.VAGUE


def test_the_statement_before_the_text_is_its_clause_and_not_a_trailing_one():
    text = "某市方案\n一、任务\n（一）甲\n由区民政局牵头，区财政局配合。全年新增床位200张。\n"
    document = parse(decode(text.encode("utf-8"), "test.txt"))
    found = extract(document)[0]
    assert document.quote(found.clause_span) == "由区民政局牵头，区财政局配合"
    assert names(found) == (["区民政局"], ["区财政局"])


def test_a_unit_charged_beside_units_that_carry_the_task_out_leads_it():
    found = responsibilities(
        "某县方案\n一、任务\n"
        "1.甲。内容。县农业农村局负责，各乡镇人民政府落实。\n"
        "2.乙。内容。（县交通运输局负责，县公路中心具体实施）\n"
        "3.丙。内容。县林业局负责，县自然资源局、各乡镇人民政府抓好落实。\n"
        "4.丁。内容。县商务局负责，县市场监管局负责实施。\n"
        "5.戊。内容。县农业农村局、县水利局负责实施。\n"
        "6.己。内容。县农业农村局、县水利局按职责分工负责，各乡镇人民政府落实。\n"
        "7.庚。内容。县农业农村局负责，各乡镇人民政府结合实际落实。\n"
        "8.辛。内容。各乡镇人民政府落实，县农业农村局负责。\n"
    )
    assert names(found[1]) == (["县农业农村局"], ["各乡镇人民政府"])
    assert found[1].lead_basis is LeadBasis.CHARGED
    assert names(found[2]) == (["县交通运输局"], ["县公路中心"])
    assert names(found[3]) == (["县林业局"], ["县自然资源局", "各乡镇人民政府"])
    assert names(found[4]) == (["县商务局"], ["县市场监管局"])
    # Charged together in one clause, the work shared out or adapted, or carried out before
    # the unit charged: nobody is set above the others.
    for number in (5, 6, 7, 8):
        assert found[number].leads == [] and found[number].lead_basis is LeadBasis.NONE, number


def test_labels_typed_with_variants_are_labels_and_keep_their_written_form():
    found = responsibilities(
        "某市方案\n一、任务\n"
        "1.甲。内容。\n牵头单位∶市水务局\n配合单位︰市财政局\n"
        "2.乙。内容。\n責任單位：市教育局、市体育局\n"
        "3.丙。内容。\n牽頭部門：市商务局\n協辦單位﹕市税务局\n"
        "4.丁。内容。\n牵投单位：市科技局\n责任单住：市工信局\n"
        "5.戊。内容。\n责仼单位：市司法局\n"
    )
    assert names(found[1]) == (["市水务局"], ["市财政局"])
    assert names(found[2]) == ([], ["市教育局", "市体育局"])
    assert names(found[3]) == (["市商务局"], ["市税务局"])
    assert [unit.label for unit in found[3].units] == ["牽頭部門", "協辦單位"]
    assert names(found[4]) == (["市科技局"], ["市工信局"])
    assert names(found[5]) == ([], ["市司法局"])
    assert all(found[n].format is ResponsibilityFormat.LABELLED for n in range(1, 6))


def test_label_variants_are_read_only_in_labels():
    from kg.lexicon import label_as_meant
    from kg.names import RESPONSIBILITY_LABEL

    assert label_as_meant("牽頭單位") == "牵头单位" and label_as_meant("责任单住") == "责任单位"
    # The variants make no label of other text, and names keep their characters.
    assert RESPONSIBILITY_LABEL.search("简单住房改造。牵投资金500万元") is None
    found = responsibilities("某市方案\n一、任务\n1.甲。内容。（牵头单位∶市體育局；配合单位：市財政局）\n")
    assert names(found[1]) == (["市體育局"], ["市財政局"])


def test_a_labelled_list_closing_a_group_on_its_own_line_is_each_items_that_names_nobody():
    from dataclasses import replace

    text = (
        "某市若干措施\n第三条  减轻企业负担。\n（一）降低用电成本；\n（二）降低物流成本。\n"
        "牵头单位：市发改委；配合单位：市交通运输局\n"
        "第四条  强化要素保障。\n（一）保障用地；\n（二）保障用工。（市人社局负责）\n"
    )
    document = parse(decode(text.encode("utf-8"), "test.txt"))
    # The span the structure step gives a group whose list closes it after its last item: from
    # its heading to the list, the last item ending before the list.
    list_start = text.index("牵头单位")
    list_end = text.index("\n", list_start)
    first = document.groups[0]
    document.groups[0] = replace(first, span=(first.span[0], list_end))
    last = next(m for m in document.measures if m.group == first.number and m.label == "（二）")
    document.measures = [replace(m, span=(m.span[0], list_start - 1)) if m is last else m for m in document.measures]
    found = extract(document)
    assert [names(r) for r in found] == [
        (["市发改委"], ["市交通运输局"]),
        (["市发改委"], ["市交通运输局"]),
        ([], []),  # a group ending in its heading line only: no closing list
        ([], ["市人社局"]),
    ]
    assert found[0].format is ResponsibilityFormat.LABELLED
    assert document.quote(found[0].clause_span) == "牵头单位：市发改委；配合单位：市交通运输局"
