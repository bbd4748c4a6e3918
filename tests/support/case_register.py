"""A realistic case register (ärendeförteckning) with its files, made for tests.

A municipal board's register: hundreds of cases (ärenden) with diarienummer such as
"KS 2023/17", Swedish titles and names (å, ä, ö, é), two to four records (handlingar) per
case, incoming, outgoing and internal; secrecy (OSL 21:1, OSL 26:1) on some records, a
GDPR restriction with its article on one case, a disposal decision on some cases; and
real files in several formats (PDF, PNG, plain text, CSV, XML, an Office Open XML
document), one folder per case.  Deterministic: the same arguments give the same files.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import zipfile
import zlib
import struct
from dataclasses import dataclass
from pathlib import Path

from support.oracles import MINIMAL_PDF

COLUMNS = ("diarienummer", "ärendemening", "ärende_avslutat", "ärendestatus", "klassificering", "handläggare",
           "ärende_begränsning", "ärende_lagrum", "gallring", "gallringsbeslut", "gallringsdatum",
           "handlingsnummer", "rubrik", "handlingstyp", "riktning", "registreringsdatum", "handlingsdatum",
           "avsändare", "mottagare", "fil", "begränsning", "lagrum", "begränsning_förklaring", "begränsning_till")
SUBJECTS = ("Bygglov för förskola på Åkervägen", "Överklagande av beslut om färdtjänst", "Remiss om översiktsplan för Älvdalen",
            "Ansökan om serveringstillstånd, Café Blåbär", "Medborgarförslag om belysning i Ekparken",
            "Upphandling av skolskjutsar", "Yttrande över detaljplan för Söderängen", "Begäran om allmän handling",
            "Klagomål på snöröjning i Östra Kvarnby", "Tillsyn enligt miljöbalken, Ängsgårdens lantbruk")
PEOPLE = ("Anna Lind", "Björn Åström", "Cecilia Öberg", "Émile Ström", "Göran Ärlig")
SENDERS = ("Förskolan Solrosen AB", "Länsstyrelsen i Västra Götalands län", "Kerstin Ångström", "Trafikverket",
           "Miljö- och hälsoskyddsförbundet")


@dataclass
class Register:
    root: Path  # the folder holding the register and the case folders
    path: Path  # the register (CSV, UTF-8, ';')
    rows: list[dict[str, str]]
    cases: int
    files: int
    secret: list[str]  # files (relative to root) under secrecy
    gdpr_case: str


def make_register(root: Path, cases: int = 300, seed: int = 13) -> Register:
    """Write a register of ``cases`` cases with their files under ``root``; return what was made."""
    rnd = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, str]] = []
    secret: list[str] = []
    files = 0
    gdpr_case = ""
    for n in range(1, cases + 1):
        year = 2019 + n % 5
        number = f"KS {year}/{n}"
        folder = f"KS {year}-{n}"
        (root / folder).mkdir()
        opened = dt.date(year, 1 + n % 12, 1 + n % 27)
        case = {"diarienummer": number, "ärendemening": f"{SUBJECTS[n % len(SUBJECTS)]} ({n})",
                "ärendestatus": "avslutat", "ärende_avslutat": (opened + dt.timedelta(days=60)).isoformat(),
                "klassificering": f"{1 + n % 4}.{1 + n % 3}.{1 + n % 2}", "handläggare": PEOPLE[n % len(PEOPLE)]}
        if n % 25 == 0:
            case.update({"gallring": "gallras", "gallringsbeslut": "KS 2018/3 § 12", "gallringsdatum": f"{year + 10}-12-31"})
        if n == 7:
            gdpr_case = number
            case.update({"ärende_begränsning": "gdpr", "ärende_lagrum": "GDPR art. 9.1 (känsliga personuppgifter)"})
        for r in range(1, 2 + n % 3 + 1):
            kind, direction, maker = _record_kind(r, rnd)
            name = f"{r:02d} {kind.lower()}{maker[0]}"
            path = root / folder / name
            maker[1](path)
            files += 1
            row = {**(case if r == 1 else {"diarienummer": number}), "handlingsnummer": str(r),
                   "rubrik": f"{kind} i ärende {number}", "handlingstyp": kind, "riktning": direction,
                   "registreringsdatum": (opened + dt.timedelta(days=3 * r)).isoformat(),
                   "handlingsdatum": (opened + dt.timedelta(days=3 * r - 1)).isoformat(),
                   "fil": f"{folder}/{name}"}
            row["avsändare" if direction == "in" else "mottagare"] = SENDERS[(n + r) % len(SENDERS)]
            if n % 9 == 0 and r == 1:
                row.update({"begränsning": "sekretess", "lagrum": "OSL 21:1" if n % 2 else "OSL 26:1",
                            "begränsning_förklaring": "Uppgifter om enskilds hälsa och personliga förhållanden",
                            "begränsning_till": f"{year + 70}-12-31"})
                secret.append(f"{folder}/{name}")
            rows.append(row)
    path = root / "ärendeförteckning.csv"
    write_csv(path, rows)
    return Register(root, path, rows, cases, files, secret, gdpr_case)


def write_csv(path: Path, rows: list[dict[str, str]], *, encoding: str = "utf-8", delimiter: str = ";",
              columns: tuple[str, ...] = COLUMNS) -> None:
    text = io.StringIO(newline="")
    writer = csv.DictWriter(text, fieldnames=list(columns), delimiter=delimiter, lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(text.getvalue().encode(encoding))


def write_xlsx(path: Path, rows: list[dict[str, str]], columns: tuple[str, ...] = COLUMNS, *, dates_as_cells: bool = True) -> None:
    """The register as an .xlsx (openpyxl), with date columns as real Excel dates."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(columns))
    for row in rows:
        values = []
        for c in columns:
            v = row.get(c, "")
            if dates_as_cells and c in ("registreringsdatum", "handlingsdatum") and v:
                v = dt.datetime.fromisoformat(v)
            values.append(v if v != "" else None)
        sheet.append(values)
    book.save(path)


def _record_kind(r: int, rnd: random.Random):
    makers = ((".pdf", _pdf), (".png", _png), (".txt", _txt), (".csv", _csv_file), (".xml", _xml), (".docx", _docx))
    kind, direction = (("Ansökan", "in"), ("Yttrande", "in"), ("Tjänsteskrivelse", "upprättad"), ("Beslut", "ut"))[(r - 1) % 4]
    return kind, direction, makers[rnd.randrange(len(makers))]


def _pdf(path: Path) -> None:
    path.write_bytes(MINIMAL_PDF)


def _txt(path: Path) -> None:
    path.write_text("Tjänsteskrivelse\n\nÄrendet gäller åtgärder på Östra gärdet.\n", encoding="utf-8")


def _csv_file(path: Path) -> None:
    path.write_text("datum;belopp\n2023-03-01;1250\n", encoding="utf-8")


def _xml(path: Path) -> None:
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<yttrande><text>Inga synpunkter på förslaget.</text></yttrande>\n',
                    encoding="utf-8")


def _png(path: Path) -> None:
    raw = b"\x00\xff\x00\x00"  # one red pixel, filter byte first
    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _docx(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("word/document.xml",
                   '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                   '<w:body><w:p><w:r><w:t>Beslut</w:t></w:r></w:p></w:body></w:document>')
