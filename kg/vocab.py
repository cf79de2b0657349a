"""IRIs of the vocabularies policykg writes, as pyoxigraph terms.

Each namespace is a class whose attributes are the terms it may use; a misspelt term is
an AttributeError at import, and a test checks that every ``PK`` term is declared in
``ontology/policy.ttl``.
"""

from __future__ import annotations

from pyoxigraph import NamedNode

BASE = "https://w3id.org/policykg/"
PK_NS = BASE + "ontology#"
ID_NS = BASE + "id/"
PKD_NS = BASE + "registry/department/"
PKP_NS = BASE + "registry/programme/"
REGISTRY_GRAPH = NamedNode(BASE + "graph/registry")
CATALOG_GRAPH = NamedNode(BASE + "graph/catalog")  # when each plan was built, from which file

PREFIXES = {
    "pk": PK_NS,
    "pkd": PKD_NS,
    "pkp": PKP_NS,
    "plan": ID_NS + "plan/",
    "unit": ID_NS + "unit/",
    "jurisdiction": ID_NS + "jurisdiction/",
    "document": ID_NS + "document/",
    "institution": ID_NS + "institution/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dcterms": "http://purl.org/dc/terms/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "schema": "http://schema.org/",
    "time": "http://www.w3.org/2006/time#",
}


class _Namespace:
    """Terms are declared in ``_terms``, or as class attributes holding their local names."""

    _prefix = ""
    _terms: tuple[str, ...] = ()

    def __init_subclass__(cls) -> None:
        for name in cls._terms:
            setattr(cls, name, NamedNode(cls._prefix + name))
        for name, value in list(vars(cls).items()):
            if not name.startswith("_") and isinstance(value, str):
                setattr(cls, name, NamedNode(cls._prefix + value))

    @classmethod
    def terms(cls) -> dict[str, NamedNode]:
        return {name: value for name, value in vars(cls).items() if isinstance(value, NamedNode)}


class PK(_Namespace):
    _prefix = PK_NS
    _terms = (
        "Plan",
        "Section",
        "Group",
        "Measure",
        "Jurisdiction",
        "DepartmentKind",
        "Unit",
        "PartyOrgan",  # the subclasses of Unit a unit's kind gives it (a registry kind's pk:unitType)
        "GovernmentDepartment",
        "Government",
        "Zone",
        "LowerGovernment",
        "PeoplesOrganisation",
        "UnresolvedUnit",
        "Assignment",
        "LeadRole",
        "ParticipantRole",
        "Assigned",
        "NoLead",
        "Vague",
        "Unassigned",
        "FirstIsLeadRule",
        "ChargedBesideAssisting",
        "LeadLabel",
        "NoLeadBasis",
        "UnitListFormat",
        "LabelledFormat",
        "NoFormat",
        "sourceText",
        "sha256",
        "sourceFile",
        "measureCount",
        "measure",
        "inSection",
        "inGroup",
        "number",
        "label",
        "body",
        "text",
        "quote",
        "leadUnit",
        "participatingUnit",
        "responsibilityStatus",
        "responsibilityFormat",
        "leadBasis",
        "vagueResponsibility",
        "responsibilityText",
        "position",
        "asWritten",
        "writtenLabel",
        "kind",
        "jurisdiction",
        "resolved",
        "level",
        "fullName",
        "abbreviation",
        "unitType",
        "succeededBy",
        "abolishedIn",
        "GlossaryEntry",
        "FootnoteMarker",
        "Programme",
        "glossary",
        "footnote",
        "marker",
        "inMeasure",
        "mentions",
        "programmeLevel",
        "jurisdictionName",
        "Target",
        "Comparator",
        "Equal",
        "Greater",
        "AtLeast",
        "Less",
        "AtMost",
        "Approximately",
        "Range",
        "target",
        "comparator",
        "metric",
        "scope",
        "deadline",
        "deadlineText",
        "dueYear",
        "basis",
        "baseline",
        "CitedDocument",
        "Citation",
        "cited",
        "citation",
        "documentNumber",
        "issuerCode",
        "documentYear",
        "serialNumber",
        "issuerName",
        "Institution",
        "Body",
        "institution",
        "coordinatingBody",
        "builtAt",
        "sourceFormat",
        "TaskTableDisagreement",
        "disagreement",
        "disagreementKind",
        "planSays",
        "tableSays",
        "tableRow",
        "VagueCollective",
        "SuspiciousUnit",
        "suspiciousUnit",
        "reason",
        "Change",
        "changeKind",
        "oldPlan",
        "newPlan",
        "oldMeasure",
        "newMeasure",
        "before",
        "after",
        "oldUnit",
        "newUnit",
        "addedUnit",
        "removedUnit",
        "oldTarget",
        "newTarget",
        "clauseOf",
        "clauseNumber",
        "score",
        "evidence",
        "continues",
        "exhaustive",
        "triggerTerm",
        "NoInstrument",
    )


class RDF(_Namespace):
    _prefix = PREFIXES["rdf"]
    type = "type"


class SKOS(_Namespace):
    _prefix = PREFIXES["skos"]
    prefLabel = "prefLabel"
    altLabel = "altLabel"
    notation = "notation"
    definition = "definition"
    broader = "broader"
    exactMatch = "exactMatch"
    inScheme = "inScheme"
    Concept = "Concept"
    ConceptScheme = "ConceptScheme"
    topConceptOf = "topConceptOf"


class ELI(_Namespace):
    _prefix = PREFIXES["eli"]
    title = "title"
    jurisdiction = "jurisdiction"
    has_part = "has_part"
    cites = "cites"
    LegalResource = "LegalResource"
    is_part_of = "is_part_of"
    date_document = "date_document"


class DCTERMS(_Namespace):
    _prefix = PREFIXES["dcterms"]
    identifier = "identifier"
    temporal = "temporal"
    PeriodOfTime = "PeriodOfTime"
    creator = "creator"


class OA(_Namespace):
    _prefix = PREFIXES["oa"]
    Annotation = "Annotation"
    motivatedBy = "motivatedBy"
    classifying = "classifying"
    hasBody = "hasBody"
    hasTarget = "hasTarget"


class DCAT(_Namespace):
    _prefix = PREFIXES["dcat"]
    startDate = "startDate"
    endDate = "endDate"


class PROV(_Namespace):
    _prefix = PREFIXES["prov"]
    qualifiedAssociation = "qualifiedAssociation"
    agent = "agent"
    hadRole = "hadRole"
    wasRevisionOf = "wasRevisionOf"
    wasGeneratedBy = "wasGeneratedBy"
    Activity = "Activity"


class SCHEMA(_Namespace):
    _prefix = PREFIXES["schema"]
    value = "value"
    minValue = "minValue"
    maxValue = "maxValue"
    unitText = "unitText"
    creativeWorkStatus = "creativeWorkStatus"


class TIME(_Namespace):
    _prefix = PREFIXES["time"]
    Instant = "Instant"
    inXSDgYear = "inXSDgYear"
    inXSDDate = "inXSDDate"


class ORG(_Namespace):
    _prefix = PREFIXES["org"]
    Organization = "Organization"
    hasMember = "hasMember"


class XSD(_Namespace):
    _prefix = PREFIXES["xsd"]
    integer = "integer"
    decimal = "decimal"
    boolean = "boolean"
    gYear = "gYear"
    date = "date"
    dateTime = "dateTime"
    nonNegativeInteger = "nonNegativeInteger"
    string = "string"
