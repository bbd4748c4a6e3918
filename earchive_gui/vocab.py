"""Readable labels for the official vocabularies (the terms themselves come from earchive.spec).

The forms list the terms of the chosen specification version, in the vocabulary's
order, each shown as "readable label — official term" with the official definition
as tooltip.  Labels are message codes ``vocab.<vocabulary>.<term>``; a term without a
label is shown as it is.
"""

from __future__ import annotations

from earchive import spec
from earchive.messages import CATALOGUE, register

from earchive_gui.i18n import tr

#: Terms the model accepts in addition to the vocabulary file (none: "OTHER" is the vocabulary's
#: "Other", see earchive.content_info).
EXTRA_TERMS: dict[str, tuple[str, ...]] = {}


def terms(version: str, vocabulary: str) -> list[tuple[str, str, str]]:
    """(term, display text, definition) for every term of a vocabulary of a version."""
    definitions = spec.vocabulary_definitions(version, vocabulary)
    out = []
    for term in spec.vocabulary(version, vocabulary) + EXTRA_TERMS.get(vocabulary, ()):
        out.append((term, display(vocabulary, term), definitions.get(term, "")))
    return out


def display(vocabulary: str, term: str) -> str:
    """'Readable label — term', or the term when it has no label or the label is the term."""
    code = f"vocab.{vocabulary}.{term}"
    if code not in CATALOGUE:
        return term
    label = tr(code)
    return term if label == term else f"{label} — {term}"


def _labels(vocabulary: str, table: dict[str, tuple[str, str]]) -> dict[str, dict[str, str]]:
    return {f"vocab.{vocabulary}.{term}": {"en": en, "sv": sv} for term, (en, sv) in table.items()}


register(_labels(spec.CONTENT_CATEGORY, {
    "Textual works – Print": ("Textual works – Print", "Textverk – tryckta"),
    "Textual works – Digital": ("Textual works – Digital", "Textverk – digitala"),
    "Textual works – Electronic Serials": ("Textual works – Electronic Serials", "Textverk – elektroniska tidskrifter"),
    "Digital Musical Composition (score-based representations)": ("Digital Musical Composition (score-based representations)", "Digital musikkomposition (notbaserad)"),
    "Musical Scores - Print": ("Musical Scores - Print", "Noter – tryckta"),
    "Musical Scores - Digital": ("Musical Scores - Digital", "Noter – digitala"),
    "Photographs – Print": ("Photographs – Print", "Fotografier – papperskopior"),
    "Photographs – Digital": ("Photographs – Digital", "Fotografier – digitala"),
    "Other Graphic Images – Print": ("Other Graphic Images – Print", "Andra grafiska bilder – tryckta"),
    "Other Graphic Images – Digital": ("Other Graphic Images – Digital", "Andra grafiska bilder – digitala"),
    "Microforms": ("Microforms", "Mikroformer"),
    "Audio – On Tangible Medium (digital or analog)": ("Audio – On Tangible Medium (digital or analog)", "Ljud – på fysiskt medium (digitalt eller analogt)"),
    "Audio – Media-independent (digital)": ("Audio – Media-independent (digital)", "Ljud – medieoberoende (digitalt)"),
    "Motion Pictures – Digital and Physical Media": ("Motion Pictures – Digital and Physical Media", "Film – digitala och fysiska medier"),
    "Video – File-based and Physical Media": ("Video – File-based and Physical Media", "Video – filbaserad och på fysiska medier"),
    "Software": ("Software", "Programvara"),
    "Software and Video Games": ("Software and Video Games", "Programvara och datorspel"),
    "Email": ("Email", "E-post"),
    "Datasets": ("Datasets", "Datamängder"),
    "Geospatial Data": ("Geospatial Data", "Geodata"),
    "Geographic Information System (GIS) - Vector Data": ("GIS – Vector Data", "GIS – vektordata"),
    "GIS Raster and Georeferenced Images": ("GIS Raster and Georeferenced Images", "GIS – raster och georefererade bilder"),
    "GIS Vector and Raster Combined": ("GIS Vector and Raster Combined", "GIS – vektor och raster kombinerat"),
    "Non-GIS Cartographic": ("Non-GIS Cartographic", "Kartor (ej GIS)"),
    "2D and 3D Computer Aided Design": ("2D and 3D Computer Aided Design", "2D- och 3D-CAD"),
    "Design (schematics, architectural drawings) - Print": ("Design (schematics, architectural drawings) - Print", "Ritningar (scheman, arkitektritningar) – tryckta"),
    "Scanned 3D Objects (output from photogrammetry scanning)": ("Scanned 3D Objects (photogrammetry)", "Skannade 3D-objekt (fotogrammetri)"),
    "Databases": ("Databases", "Databaser"),
    "Websites": ("Websites", "Webbplatser"),
    "Web Archives": ("Web Archives", "Webbarkiv"),
    "Collection": ("Collection", "Samling"),
    "Event": ("Event", "Händelse"),
    "Image": ("Image", "Bild"),
    "Interactive resource": ("Interactive resource", "Interaktiv resurs"),
    "Moving image": ("Moving image", "Rörlig bild"),
    "Sound": ("Sound", "Ljud"),
    "Still image": ("Still image", "Stillbild"),
    "Text": ("Text", "Text"),
    "Physical object": ("Physical object", "Fysiskt objekt"),
    "Service": ("Service", "Tjänst"),
    "Mixed": ("Mixed", "Blandat"),
    "Other": ("Other, stated in the next field", "Annat, anges i nästa fält"),
}))

register(_labels(spec.CONTENT_INFORMATION_TYPE, {
    "ERMS": ("ERMS (older CITS for records management systems)", "ERMS (äldre CITS för ärendehanteringssystem)"),
    "SIARD1": ("SIARD 1 (relational database)", "SIARD 1 (relationsdatabas)"),
    "SIARD2": ("SIARD 2 (relational database)", "SIARD 2 (relationsdatabas)"),
    "SIARDDK": ("SIARD DK (relational database)", "SIARD DK (relationsdatabas)"),
    "GeoData": ("GeoData (older CITS for geodata)", "GeoData (äldre CITS för geodata)"),
    "citscarchival_v1_0": ("CITS Archival Information 1.0", "CITS Arkivinformation 1.0"),
    "cscarchival_v1_0": ("CS Archival Information 1.0", "CS Arkivinformation 1.0"),
    "citserms_v2_1": ("CITS ERMS 2.1 (records management systems)", "CITS ERMS 2.1 (ärendehanteringssystem)"),
    "citserms_v3_0": ("CITS ERMS 3.0 (records management systems)", "CITS ERMS 3.0 (ärendehanteringssystem)"),
    "citspremis_v1_0": ("CITS PREMIS 1.0 (preservation metadata)", "CITS PREMIS 1.0 (bevarandemetadata)"),
    "cspremis_v1_0": ("CS PREMIS 1.0 (preservation metadata)", "CS PREMIS 1.0 (bevarandemetadata)"),
    "citsehpj_v1_0": ("CITS eHealth1 1.0 (patient journals)", "CITS eHealth1 1.0 (patientjournaler)"),
    "citsehpj_v2_0": ("CITS eHealth1 2.0 (patient journals)", "CITS eHealth1 2.0 (patientjournaler)"),
    "citsehcr_v1_0": ("CITS eHealth2 1.0 (cancer registry)", "CITS eHealth2 1.0 (cancerregister)"),
    "citssiard_v1_0": ("CITS SIARD 1.0 (relational databases)", "CITS SIARD 1.0 (relationsdatabaser)"),
    "citsgeospatial_v3_0": ("CITS Geospatial 3.0", "CITS Geodata 3.0"),
    "cits3dpm_v1_0": ("CITS 3D product models 1.0", "CITS 3D-produktmodeller 1.0"),
    "MIXED": ("Mixed (no single specification)", "Blandat (ingen enskild specifikation)"),
    "OTHER": ("Other, stated in the next field", "Annan, anges i nästa fält"),
}))

register(_labels(spec.RECORD_STATUS, {
    "NEW": ("New delivery", "Ny leverans"),
    "SUPPLEMENT": ("Supplement to an earlier delivery", "Komplettering av tidigare leverans"),
    "REPLACEMENT": ("Replaces an earlier delivery", "Ersätter tidigare leverans"),
    "TEST": ("Test (not to be preserved)", "Test (ska inte bevaras)"),
    "VERSION": ("New version", "Ny version"),
    "DELETE": ("Delete (instruction to the archive)", "Radera (instruktion till arkivet)"),
    "OTHER": ("Other", "Annat"),
}))
