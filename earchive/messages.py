"""Message catalogue: every user-facing text of the core, in English and Swedish.

Core code never builds sentences for people; it raises errors and returns findings
with a stable ``code`` and named ``params``.  :func:`render` turns them into text in
the requested language.  The CLI (``--lang``, ``LANG``) and the GUI (its language
setting) both call :func:`render`, so one catalogue serves both shells.

A module with many messages of its own (the validator) keeps them in its own
module and adds them with :func:`register`.
"""

from __future__ import annotations

import locale
import os
import string
from typing import Any, Mapping

#: Supported languages; the first is the fallback.
LANGUAGES = ("en", "sv")

#: code -> {language: template}; templates use named ``{placeholders}``.
CATALOGUE: dict[str, dict[str, str]] = {}


def register(messages: Mapping[str, Mapping[str, str]]) -> None:
    """Add messages; a code may be registered once (a second, different text is a bug)."""
    for code, texts in messages.items():
        if code in CATALOGUE and CATALOGUE[code] != dict(texts):
            raise ValueError(f"message code {code!r} registered twice with different texts")
        if "en" not in texts:
            raise ValueError(f"message code {code!r} has no English text")
        CATALOGUE[code] = dict(texts)


#: English term -> {language: term}: field names and hints that core code passes as
#: parameters (e.g. ``field="Dublin Core title"``).  :func:`render` shows them in the
#: message's language, so a Swedish message never carries an English field name,
#: while the parameter itself stays a stable English key the shells can act on
#: (the GUI's precheck finds the widget of a field by it).
TERMS: dict[str, dict[str, str]] = {}

#: The parameters whose values are terms (never user data such as a value or a path).
TERM_PARAMS = frozenset({"field", "hint", "allowed", "problem"})


def register_terms(terms: Mapping[str, Mapping[str, str]]) -> None:
    """Add translations of parameter values (same rules as :func:`register`)."""
    for term, texts in terms.items():
        if term in TERMS and TERMS[term] != dict(texts):
            raise ValueError(f"term {term!r} registered twice with different translations")
        TERMS[term] = dict(texts)


class _Params(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(code: str, params: Mapping[str, Any] | None = None, lang: str | None = None) -> str:
    """The text of ``code`` in ``lang`` (default: :func:`default_language`) with params filled in."""
    lang = lang or default_language()
    texts = CATALOGUE.get(code)
    if texts is None:
        detail = ", ".join(f"{k}={v}" for k, v in (params or {}).items())
        return f"{code}: {detail}" if detail else code
    template = texts.get(lang) or texts["en"]
    values = _Params({k: _show(v, lang if k in TERM_PARAMS else "en") for k, v in (params or {}).items()})
    return string.Formatter().vformat(template, (), values)


def known(code: str) -> bool:
    """Whether ``code`` has a registered text."""
    return code in CATALOGUE


def _show(value: Any, lang: str = "en") -> str:
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(str(v) for v in value)
    text = str(value)
    if lang != "en" and isinstance(value, str):
        return TERMS.get(text, {}).get(lang, text)
    return text


def default_language() -> str:
    """'sv' when EARCHIVE_LANG, LC_ALL, LC_MESSAGES or LANG asks for Swedish, else 'en'."""
    for var in ("EARCHIVE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "sv" if value.lower().startswith("sv") else "en"
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return "sv" if loc.lower().startswith("sv") else "en"


register(
    {
        # --- errors -----------------------------------------------------------------
        "error.internal": {
            "en": "Unexpected error: {detail}. Please report this with the output of --verbose.",
            "sv": "Oväntat fel: {detail}. Rapportera felet tillsammans med utskriften från --verbose.",
        },
        "error.invalid_value": {
            "en": "{field}: {value!s} is not allowed. Allowed: {allowed}.",
            "sv": "{field}: {value!s} är inte tillåtet. Tillåtna värden: {allowed}.",
        },
        "error.required": {
            "en": "{field} is required: {hint}",
            "sv": "{field} måste anges: {hint}",
        },
        "error.invalid_field": {
            "en": "{field}: {problem}",
            "sv": "{field}: {problem}",
        },
        "error.source_missing": {
            "en": "The source {path} does not exist. Check the path, or remove it from the job.",
            "sv": "Källan {path} finns inte. Kontrollera sökvägen eller ta bort den ur jobbet.",
        },
        "error.source_unreadable": {
            "en": "Cannot read {path}: {reason}. Check that the file is not open elsewhere and that you may read it, then build again.",
            "sv": "Kan inte läsa {path}: {reason}. Kontrollera att filen inte är låst och att du har läsbehörighet, och bygg sedan igen.",
        },
        "error.source_vanished": {
            "en": "{path} was deleted or moved while earchive was packaging it (it was there when the sources were listed). Put it back, or leave it out of the selection, then build again.",
            "sv": "{path} togs bort eller flyttades medan earchive paketerade den (den fanns när källorna listades). Lägg tillbaka den, eller ta bort den ur urvalet, och bygg sedan igen.",
        },
        "error.source_changing": {
            "en": "{path} kept changing while earchive copied it ({tries} tries): a copy would mix two versions of the file. Close the program that writes to it, or leave it out, then build again.",
            "sv": "{path} ändrades hela tiden medan earchive kopierade den ({tries} försök): en kopia skulle blanda två versioner av filen. Stäng programmet som skriver till den, eller ta bort den ur urvalet, och bygg sedan igen.",
        },
        "error.source_changed_after_copy": {
            "en": "{path} changed right after earchive copied it, before its format could be identified from the copied bytes. Make sure nothing writes to the sources during a build, then build again.",
            "sv": "{path} ändrades strax efter att earchive kopierat den, innan formatet kunde identifieras från de kopierade byten. Se till att inget skriver till källorna under bygget och bygg sedan igen.",
        },
        "error.source_changed": {
            "en": "{path} changed while it was being copied (size {expected} then {actual} bytes). Make sure nothing writes to the sources during a build, then build again.",
            "sv": "{path} ändrades medan den kopierades (storlek {expected}, sedan {actual} byte). Se till att inget skriver till källorna under bygget och bygg sedan igen.",
        },
        "error.no_sources": {
            "en": "Representation {representation} has no files to package. Add at least one file or folder.",
            "sv": "Representationen {representation} har inga filer att paketera. Lägg till minst en fil eller mapp.",
        },
        "error.output_exists": {
            "en": "{path} exists already. Choose another output folder, or remove it first (earchive never overwrites a package).",
            "sv": "{path} finns redan. Välj en annan utdatamapp eller ta bort den först (earchive skriver aldrig över ett paket).",
        },
        "error.output": {
            "en": "Cannot write the package to {path}: {reason}. Nothing was left under the package's name.",
            "sv": "Kan inte skriva paketet till {path}: {reason}. Inget lämnades kvar under paketets namn.",
        },
        "error.disk_full": {
            "en": "The disk is full while writing {path}. Free at least {needed} or choose another output folder; nothing was left under the package's name.",
            "sv": "Disken blev full när {path} skrevs. Frigör minst {needed} eller välj en annan utdatamapp; inget lämnades kvar under paketets namn.",
        },
        "error.output_inside_source": {
            "en": "The output folder {output} lies inside the source {source}. Choose an output folder outside the records to package.",
            "sv": "Utdatamappen {output} ligger inuti källan {source}. Välj en utdatamapp utanför handlingarna som ska paketeras.",
        },
        "error.format_identification": {
            "en": "Format identification failed for {path}: {reason}.",
            "sv": "Formatidentifieringen misslyckades för {path}: {reason}.",
        },
        "error.cancelled": {
            "en": "Cancelled. Nothing half-written was left behind.",
            "sv": "Avbrutet. Inget halvfärdigt lämnades kvar.",
        },
        "error.package_unreadable": {
            "en": "Cannot read the package {path}: {reason}.",
            "sv": "Kan inte läsa paketet {path}: {reason}.",
        },
        "error.job_file": {
            "en": "{path}: {problem}. See schemas/job.schema.json and docs/job-example.json.",
            "sv": "{path}: {problem}. Se schemas/job.schema.json och docs/job-example.json.",
        },
        "error.csv_row": {
            "en": "{path}, row {row}: {problem}",
            "sv": "{path}, rad {row}: {problem}",
        },
        # --- build report lines -------------------------------------------------------
        "report.system_file_skipped": {
            "en": "Left out system file {path}",
            "sv": "Utelämnade systemfilen {path}",
        },
        "report.symlink_skipped": {
            "en": "Left out {path}: a symbolic link pointing outside the selected folder ({target})",
            "sv": "Utelämnade {path}: en symbolisk länk som pekar utanför den valda mappen ({target})",
        },
        "report.symlink_loop": {
            "en": "Left out {path}: a symbolic link that points back into a folder already being packaged",
            "sv": "Utelämnade {path}: en symbolisk länk som pekar tillbaka in i en mapp som redan paketeras",
        },
        "report.special_file_skipped": {
            "en": "Left out {path}: not a regular file (device, socket or pipe)",
            "sv": "Utelämnade {path}: inte en vanlig fil (enhet, socket eller rör)",
        },
        "report.renamed": {
            "en": "Renamed {original} to {safe} ({reason}); the original name is kept in PREMIS",
            "sv": "Döpte om {original} till {safe} ({reason}); originalnamnet finns kvar i PREMIS",
        },
        "report.empty_folder": {
            "en": "Empty folder {path} has no file to list in METS; it is recorded in the build report only",
            "sv": "Den tomma mappen {path} har ingen fil att ta med i METS; den redovisas bara i byggrapporten",
        },
        "report.folder_only_left_out": {
            "en": "Folder {path} holds only files that were left out (see above), so it has no file to list in METS; it is recorded in the build report only",
            "sv": "Mappen {path} innehåller bara filer som utelämnades (se ovan), så den har ingen fil att ta med i METS; den redovisas bara i byggrapporten",
        },
        "report.format_unknown": {
            "en": "Format of {path} not identified (PRONOM: UNKNOWN)",
            "sv": "Formatet för {path} kunde inte identifieras (PRONOM: UNKNOWN)",
        },
        "report.format_warning": {
            "en": "Format identification of {path}: {warning}",
            "sv": "Formatidentifiering av {path}: {warning}",
        },
        "report.empty_file": {
            "en": "{path} is empty (0 bytes)",
            "sv": "{path} är tom (0 byte)",
        },
    }
)
