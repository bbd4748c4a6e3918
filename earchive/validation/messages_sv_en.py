"""The validator's messages in English and Swedish, registered in :mod:`earchive.messages`.

Codes: ``v.read.*`` opening a package, ``v.str.*`` folder structure, ``v.skip.*`` why a
requirement was skipped, ``v.report.*`` report labels, other ``v.*`` findings.  Each
finding says what is wrong, where, and (where it is not obvious) what to do.
"""

from __future__ import annotations

from earchive.messages import register

MESSAGES: dict[str, dict[str, str]] = {
    # --- opening the package (PackageReadError) ----------------------------------------
    "v.read.missing": {
        "en": "Cannot read the package {path}: it does not exist. Check the path.",
        "sv": "Kan inte läsa paketet {path}: det finns inte. Kontrollera sökvägen.",
    },
    "v.read.not_file": {
        "en": "Cannot read the package {path}: it is neither a folder nor a file. Give a package folder, a .zip or a .tar file.",
        "sv": "Kan inte läsa paketet {path}: det är varken en mapp eller en fil. Ange en paketmapp, en .zip- eller en .tar-fil.",
    },
    "v.read.unknown_format": {
        "en": "Cannot read the package {path}: it is not a folder, a ZIP or a TAR archive. Give the package folder, or the package as .zip or .tar.",
        "sv": "Kan inte läsa paketet {path}: det är varken en mapp, ett ZIP- eller ett TAR-arkiv. Ange paketmappen, eller paketet som .zip eller .tar.",
    },
    "v.read.damaged": {
        "en": "Cannot read the package {path}: the archive is damaged or incomplete ({detail}). Copy or download it again and validate the new copy.",
        "sv": "Kan inte läsa paketet {path}: arkivet är skadat eller ofullständigt ({detail}). Kopiera eller ladda ned det igen och validera den nya kopian.",
    },
    "v.read.bomb_ratio": {
        "en": "Refused to read the package {path}: the entry {name} would expand {ratio} times its compressed size; the limit is {limit} times, and more than that is what a ZIP bomb does. Ask the sender for the package again; if you trust it, give --max-expansion {ratio} (library: Limits.max_ratio).",
        "sv": "Vägrade läsa paketet {path}: posten {name} skulle växa {ratio} gånger sin komprimerade storlek; gränsen är {limit} gånger, och mer än så är vad en ZIP-bomb gör. Be avsändaren om paketet igen; om du litar på det, ange --max-expansion {ratio} (biblioteket: Limits.max_ratio).",
    },
    "v.read.bomb_archive_ratio": {
        "en": "Refused to read the package {path}: its contents would expand to at least {unpacked} from an archive of {size}, {ratio} times its size; the limit is {limit} times (real records rarely pass 20), and more than that is what a ZIP bomb does. Ask the sender for the package again; if you trust it, give --max-expansion {ratio} (library: Limits.max_ratio).",
        "sv": "Vägrade läsa paketet {path}: innehållet skulle bli minst {unpacked} uppackat ur ett arkiv på {size}, {ratio} gånger dess storlek; gränsen är {limit} gånger (verkliga handlingar kommer sällan över 20), och mer än så är vad en ZIP-bomb gör. Be avsändaren om paketet igen; om du litar på det, ange --max-expansion {ratio} (biblioteket: Limits.max_ratio).",
    },
    "v.read.bomb_total": {
        "en": "Refused to read the package {path}: its contents would expand to more than {limit}, the limit. If the package really is this large, give --max-unpacked-size {suggest} (in GB; library: Limits.max_total_bytes), or unpack it yourself and validate the folder.",
        "sv": "Vägrade läsa paketet {path}: innehållet skulle bli större än {limit} uppackat, vilket är gränsen. Om paketet verkligen är så stort, ange --max-unpacked-size {suggest} (i GB; biblioteket: Limits.max_total_bytes), eller packa upp det själv och validera mappen.",
    },
    "v.read.too_many_entries": {
        "en": "Refused to read the package {path}: it has {count} entries; the limit is {limit}. If the package really has that many files, give --max-entries with a higher number (each entry needs about 400 bytes of memory), or unpack it yourself and validate the folder.",
        "sv": "Vägrade läsa paketet {path}: det har {count} poster; gränsen är {limit}. Om paketet verkligen har så många filer, ange --max-entries med ett högre tal (varje post kräver ungefär 400 byte minne), eller packa upp det själv och validera mappen.",
    },
    # --- unsafe entries (PACKAGE-SAFE) ---------------------------------------------------
    "v.read.issue.unsafe_path": {
        "en": "The archive entry {name} points outside the package (an absolute path or ..); it was not read. Remove it and pack the package again.",
        "sv": "Arkivposten {name} pekar ut ur paketet (en absolut sökväg eller ..); den lästes inte. Ta bort den och packa paketet igen.",
    },
    "v.read.issue.link": {
        "en": "{name} is a link (to {detail}); links are not followed. Replace it with the file itself.",
        "sv": "{name} är en länk (till {detail}); länkar följs inte. Ersätt den med själva filen.",
    },
    "v.read.issue.special": {
        "en": "{name} is not a regular file (a device, socket or pipe); it was not read. Remove it from the package.",
        "sv": "{name} är inte en vanlig fil (en enhet, socket eller ett rör); den lästes inte. Ta bort den ur paketet.",
    },
    "v.read.issue.not_utf8": {
        "en": "The name {name} is not valid UTF-8; the file was not read. Rename it and pack the package again with a tool that writes UTF-8 names.",
        "sv": "Namnet {name} är inte giltig UTF-8; filen lästes inte. Byt namn på den och packa paketet igen med ett verktyg som skriver UTF-8-namn.",
    },
    "v.read.issue.duplicate": {
        "en": "{name} occurs more than once in the archive; only the first was read. Pack the package again.",
        "sv": "{name} förekommer mer än en gång i arkivet; bara den första lästes. Packa paketet igen.",
    },
    "v.read.issue.unreadable": {
        "en": "{name} cannot be read: {detail}.",
        "sv": "{name} kan inte läsas: {detail}.",
    },
    "v.read.issue.outside_root": {
        "en": "{name} lies outside the package root folder.",
        "sv": "{name} ligger utanför paketets rotmapp.",
    },
    # --- structure (CSIPSTR) -----------------------------------------------------------------
    "v.str.no_single_root": {
        "en": "The archive does not unpack to a single root folder (it holds: {names}). Put everything in one folder named after the package and pack that folder.",
        "sv": "Arkivet packas inte upp till en enda rotmapp (det innehåller: {names}). Lägg allt i en mapp med paketets namn och packa den mappen.",
    },
    "v.str.outside_root": {
        "en": "{name} is outside the root folder {root}.",
        "sv": "{name} ligger utanför rotmappen {root}.",
    },
    "v.str.root_name": {
        "en": "The root folder is named {folder}, but mets/@OBJID is {objid}; the folder should carry the package ID.",
        "sv": "Rotmappen heter {folder}, men mets/@OBJID är {objid}; mappen bör ha paketets id som namn.",
    },
    "v.str.no_mets": {
        "en": "The package root folder has no file named METS.xml (XML files found: {found}). The name must be exactly METS.xml.",
        "sv": "Paketets rotmapp saknar en fil med namnet METS.xml (XML-filer som finns: {found}). Namnet måste vara exakt METS.xml.",
    },
    "v.str.folder_missing": {
        "en": "There is no folder {folder}.",
        "sv": "Mappen {folder} saknas.",
    },
    "v.str.folder_misnamed": {
        "en": "There is no folder {folder}; {found} looks like it, but names must match exactly (letter case included).",
        "sv": "Mappen {folder} saknas; {found} liknar den, men namnet måste stämma exakt (även stora och små bokstäver).",
    },
    "v.str.no_representation_folders": {
        "en": "The representations folder has no sub-folder; each representation should have its own folder.",
        "sv": "Mappen representations har ingen undermapp; varje representation bör ha en egen mapp.",
    },
    "v.str.file_in_representations": {
        "en": "{name} lies directly in the representations folder; files belong in a representation folder.",
        "sv": "{name} ligger direkt i mappen representations; filer hör hemma i en representationsmapp.",
    },
    "v.str.no_representation_mets": {
        "en": "The representation folder {folder} has no METS.xml.",
        "sv": "Representationsmappen {folder} saknar METS.xml.",
    },
    "v.str.no_schemas_folder": {
        "en": "There is no schemas folder with the XML schemas the package uses.",
        "sv": "Det finns ingen mapp schemas med de XML-scheman som paketet använder.",
    },
    "v.str.schema_outside": {
        "en": "The schema {file} is not in a schemas folder.",
        "sv": "Schemat {file} ligger inte i en mapp schemas.",
    },
    "v.str.documentation_outside": {
        "en": "The documentation file {path} is not in a documentation folder.",
        "sv": "Dokumentationsfilen {path} ligger inte i en mapp documentation.",
    },
    "v.str.metadata_outside": {
        "en": "{path} should be in {folder}.",
        "sv": "{path} bör ligga i {folder}.",
    },
    # --- METS documents -----------------------------------------------------------------------
    "v.not_mets": {
        "en": "The root element is {element}, not mets (namespace http://www.loc.gov/METS/).",
        "sv": "Rotelementet är {element}, inte mets (namnrymd http://www.loc.gov/METS/).",
    },
    "v.mets_too_large": {
        "en": "METS too large to check fully: {path} is {size} MB; the limit is {limit} MB (checking it needs about {memory} MB of memory). It was not checked, so the package cannot be confirmed valid. Give --max-mets-size {suggest} (library: max_mets_bytes) to check it on a computer with that much memory free, or split the package into more representations.",
        "sv": "METS-filen är för stor för att kontrolleras helt: {path} är {size} MB; gränsen är {limit} MB (kontrollen kräver ungefär {memory} MB minne). Den kontrollerades inte, så paketet kan inte bekräftas som giltigt. Ange --max-mets-size {suggest} (biblioteket: max_mets_bytes) för att kontrollera den på en dator med så mycket ledigt minne, eller dela upp paketet i fler representationer.",
    },
    "v.mets_no_memory": {
        "en": "Not enough memory to check {path} ({size} MB): it needs about {memory} MB and {available} MB is free. It was not checked, so the package cannot be confirmed valid. Close other programs or check the package on a computer with more memory.",
        "sv": "Det finns inte tillräckligt med minne för att kontrollera {path} ({size} MB): det krävs ungefär {memory} MB och {available} MB är ledigt. Den kontrollerades inte, så paketet kan inte bekräftas som giltigt. Stäng andra program eller kontrollera paketet på en dator med mer minne.",
    },
    "v.version_assumed": {
        "en": "mets/@PROFILE is {profile}, the profile URL of both E-ARK 2.0.4 and 2.1.0; the package was checked against {version}, the newer. If it was made for 2.0.4, validate it again with --spec-version 2.0.4.",
        "sv": "mets/@PROFILE är {profile}, profiladressen för både E-ARK 2.0.4 och 2.1.0; paketet kontrollerades mot {version}, den nyare. Om det gjordes för 2.0.4, validera det igen med --spec-version 2.0.4.",
    },
    "v.version_default": {
        "en": "The specification version could not be read from mets/@PROFILE ({profile}); the package was checked against E-ARK {version}. Give --spec-version to choose another.",
        "sv": "Specifikationsversionen kunde inte läsas ur mets/@PROFILE ({profile}); paketet kontrollerades mot E-ARK {version}. Ange --spec-version för att välja en annan.",
    },
    "v.schema_not_in_package": {
        "en": "The {schema} schema (namespace {namespace}), used by {files}, is not in a Schemas file group (it references: {provided}). Put {filename} in the schemas folder, reference it from the Schemas file group and build the package again.",
        "sv": "Schemat {schema} (namnrymden {namespace}), som används av {files}, finns inte i en filgrupp Schemas (den refererar till: {provided}). Lägg {filename} i mappen schemas, referera till den från filgruppen Schemas och skapa paketet igen.",
    },
    "v.schema_not_shippable": {
        "en": "The {schema} schema (namespace {namespace}), used by {files}, is not in a Schemas file group, as CSIP113 requires. No source lets earchive ship this schema, so earchive cannot add it.",
        "sv": "Schemat {schema} (namnrymden {namespace}), som används av {files}, finns inte i en filgrupp Schemas, som CSIP113 kräver. Ingen källa låter earchive leverera det här schemat, så earchive kan inte lägga till det.",
    },
    "v.schema_error": {
        "en": "Not valid against the schema: {detail}",
        "sv": "Inte giltig enligt schemat: {detail}",
    },
    "v.schema.unexpected": {
        "en": "Not valid against the schema: the element {element} is not allowed here; expected: {expected}.",
        "sv": "Inte giltig enligt schemat: elementet {element} får inte stå här; förväntat: {expected}.",
    },
    "v.schema.unexpected_any": {
        "en": "Not valid against the schema: the element {element} is not allowed here.",
        "sv": "Inte giltig enligt schemat: elementet {element} får inte stå här.",
    },
    "v.schema.missing_child": {
        "en": "Not valid against the schema: {element} lacks a child element; expected: {expected}.",
        "sv": "Inte giltig enligt schemat: {element} saknar ett underelement; förväntat: {expected}.",
    },
    "v.schema.attribute_not_allowed": {
        "en": "Not valid against the schema: {element} may not have the attribute {attribute}.",
        "sv": "Inte giltig enligt schemat: {element} får inte ha attributet {attribute}.",
    },
    "v.schema.attribute_missing": {
        "en": "Not valid against the schema: {element} must have the attribute {attribute}.",
        "sv": "Inte giltig enligt schemat: {element} måste ha attributet {attribute}.",
    },
    "v.schema.not_in_set": {
        "en": "Not valid against the schema: \"{value}\" ({element} {attribute}) is not one of the allowed values {expected}.",
        "sv": "Inte giltig enligt schemat: \"{value}\" ({element} {attribute}) är inte ett av de tillåtna värdena {expected}.",
    },
    "v.schema.bad_value": {
        "en": "Not valid against the schema: \"{value}\" ({element} {attribute}) is not a valid {type}.",
        "sv": "Inte giltig enligt schemat: \"{value}\" ({element} {attribute}) är inte ett giltigt {type}.",
    },
    "v.schema.unknown_root": {
        "en": "Not valid against the schema: the schema has no root element {element}.",
        "sv": "Inte giltig enligt schemat: schemat har inget rotelement {element}.",
    },
    "v.schema.text_not_allowed": {
        "en": "Not valid against the schema: {element} may hold only elements, not text.",
        "sv": "Inte giltig enligt schemat: {element} får bara innehålla element, inte text.",
    },
    "v.schema_more_errors": {
        "en": "… and {count} more schema errors in this file.",
        "sv": "… och ytterligare {count} schemafel i den här filen.",
    },
    "v.schema_unavailable": {
        "en": "NOT CHECKED: this installation of earchive has no {schema} schema, and the package has no official copy of it, so this file was not checked against it; the package cannot be confirmed valid in that respect. Install earchive with its schemas (./setup.sh, or the installer), or check the file with another XML validator.",
        "sv": "INTE KONTROLLERAD: den här installationen av earchive saknar schemat {schema}, och paketet har ingen officiell kopia av det, så filen kontrollerades inte mot det; paketet kan inte bekräftas som giltigt i det avseendet. Installera earchive med dess scheman (./setup.sh, eller installationsprogrammet), eller kontrollera filen med en annan XML-validerare.",
    },
    "v.schema_unshippable": {
        "en": "NOT CHECKED: earchive has no {schema} schema (no source lets it ship one) and the package has none, so this file was not checked against it. Check it with an XML validator that has the schema if the archive needs that.",
        "sv": "INTE KONTROLLERAD: earchive har inget schema {schema} (ingen källa låter earchive leverera det) och paketet har inget, så filen kontrollerades inte mot det. Kontrollera den med en XML-validerare som har schemat om arkivet behöver det.",
    },
    "v.metadata_too_large": {
        "en": "{path} is too large to be checked against its schema here.",
        "sv": "{path} är för stor för att kontrolleras mot sitt schema här.",
    },
    # --- attributes and elements --------------------------------------------------------------
    "v.attr_missing": {
        "en": "{element} has no {attribute} attribute.",
        "sv": "{element} saknar attributet {attribute}.",
    },
    "v.attr_wrong_namespace": {
        "en": "{element} has no {attribute}: it has an attribute of that name in the namespace {found}, but the namespace must be {expected} (namespace names are compared letter for letter, case included). Correct the xmlns declaration at the top of the file.",
        "sv": "{element} saknar {attribute}: det har ett attribut med det namnet i namnrymden {found}, men namnrymden ska vara {expected} (namnrymder jämförs tecken för tecken, även stora och små bokstäver). Rätta xmlns-deklarationen överst i filen.",
    },
    "v.attr_empty": {
        "en": "{attribute} of {element} is empty.",
        "sv": "{attribute} i {element} är tomt.",
    },
    "v.attr_value": {
        "en": "{attribute} of {element} is \"{value}\"; it must be \"{expected}\".",
        "sv": "{attribute} i {element} är \"{value}\"; det ska vara \"{expected}\".",
    },
    "v.attr_vocab": {
        "en": "{attribute} of {element} is \"{value}\", which is not in the vocabulary {vocabulary}. Allowed: {allowed}.",
        "sv": "{attribute} i {element} är \"{value}\", som inte finns i vokabulären {vocabulary}. Tillåtna värden: {allowed}.",
    },
    "v.not_datetime": {
        "en": "{attribute} of {element} is \"{value}\", not a date and time (e.g. 2024-05-17T09:00:00+02:00; use T00:00:00 when only the date is known).",
        "sv": "{attribute} i {element} är \"{value}\", inte ett datum med tid (t.ex. 2024-05-17T09:00:00+02:00; använd T00:00:00 när bara datumet är känt).",
    },
    "v.element_missing": {
        "en": "{parent} has no {element} element.",
        "sv": "{parent} saknar elementet {element}.",
    },
    "v.element_count": {
        "en": "{parent} has {count} {element} elements; allowed: {expected}.",
        "sv": "{parent} har {count} element {element}; tillåtet: {expected}.",
    },
    "v.element_empty": {
        "en": "{element} has no text.",
        "sv": "{element} saknar text.",
    },
    "v.optional_absent": {
        "en": "Not used (optional): {what}.",
        "sv": "Används inte (valfritt): {what}.",
    },
    "v.idref_wrong": {
        "en": "{attribute} names \"{value}\", which is not the ID of a {kinds} element in this METS.",
        "sv": "{attribute} anger \"{value}\", som inte är id för ett element {kinds} i denna METS.",
    },
    # --- root element ----------------------------------------------------------------------------
    "v.objid_folder_root": {
        "en": "mets/@OBJID is \"{objid}\" but the package root folder is named \"{folder}\"; they should be the same.",
        "sv": "mets/@OBJID är \"{objid}\" men paketets rotmapp heter \"{folder}\"; de bör vara lika.",
    },
    "v.objid_folder_rep": {
        "en": "mets/@OBJID is \"{objid}\" but the representation folder is named \"{folder}\"; they should be the same.",
        "sv": "mets/@OBJID är \"{objid}\" men representationsmappen heter \"{folder}\"; de bör vara lika.",
    },
    "v.othertype_missing": {
        "en": "mets/@TYPE is \"{value}\" but mets/@csip:OTHERTYPE, naming the content category, is missing or empty.",
        "sv": "mets/@TYPE är \"{value}\" men mets/@csip:OTHERTYPE, som anger innehållskategorin, saknas eller är tomt.",
    },
    "v.type_hyphen": {
        "en": "mets/@TYPE \"{value}\" differs from the vocabulary term \"{term}\" only by a hyphen for its en dash (an open question of the specification, DILCIS CSIP issue 733); use the vocabulary's spelling.",
        "sv": "mets/@TYPE \"{value}\" skiljer sig från vokabulärens term \"{term}\" bara genom bindestreck i stället för tankstreck (en öppen fråga i specifikationen, DILCIS CSIP ärende 733); använd vokabulärens stavning.",
    },
    "v.type_other_spelling": {
        "en": "mets/@TYPE is \"{value}\", as CSIP2's text spells it; the vocabulary's term is \"{term}\", and commons-ip (RODA's reader) accepts only that spelling. Write \"{term}\".",
        "sv": "mets/@TYPE är \"{value}\", som CSIP2:s text stavar det; vokabulärens term är \"{term}\", och commons-ip (som RODA läser paket med) godtar bara den stavningen. Skriv \"{term}\".",
    },
    "v.other_in_vocabulary": {
        "en": "{attribute} is \"{value}\", a value of the vocabulary: put it in {main} instead.",
        "sv": "{attribute} är \"{value}\", ett värde ur vokabulären: ange det i {main} i stället.",
    },
    "v.other_without_other": {
        "en": "{attribute} is given but {main} is \"{value}\", not \"OTHER\".",
        "sv": "{attribute} är angivet men {main} är \"{value}\", inte \"OTHER\".",
    },
    "v.othercit_missing": {
        "en": "@csip:CONTENTINFORMATIONTYPE is \"OTHER\" but @csip:OTHERCONTENTINFORMATIONTYPE is missing or empty.",
        "sv": "@csip:CONTENTINFORMATIONTYPE är \"OTHER\" men @csip:OTHERCONTENTINFORMATIONTYPE saknas eller är tomt.",
    },
    "v.profile_not_url": {
        "en": "mets/@PROFILE is \"{value}\", not the URL of a METS profile.",
        "sv": "mets/@PROFILE är \"{value}\", inte adressen (URL) till en METS-profil.",
    },
    "v.profile_versioned_210": {
        "en": "mets/@PROFILE is \"{value}\"; the 2.1.0 SIP profile names \"{expected}\". commons-ip and RODA expect the versioned URL, so it is accepted.",
        "sv": "mets/@PROFILE är \"{value}\"; SIP-profilen 2.1.0 anger \"{expected}\". commons-ip och RODA förväntar sig den versionsmärkta adressen, så den godtas.",
    },
    # --- header -----------------------------------------------------------------------------------
    "v.date_future": {
        "en": "metsHdr/@LASTMODDATE is {value}, a date in the future.",
        "sv": "metsHdr/@LASTMODDATE är {value}, ett datum i framtiden.",
    },
    "v.lastmod_before_create": {
        "en": "metsHdr/@LASTMODDATE ({value}) is earlier than @CREATEDATE ({created}).",
        "sv": "metsHdr/@LASTMODDATE ({value}) är tidigare än @CREATEDATE ({created}).",
    },
    "v.no_software_agent": {
        "en": "No agent describes the software that created the package: one agent needs ROLE=\"CREATOR\", TYPE=\"OTHER\" and OTHERTYPE=\"SOFTWARE\" together.",
        "sv": "Ingen agent beskriver programvaran som skapade paketet: en agent behöver ROLE=\"CREATOR\", TYPE=\"OTHER\" och OTHERTYPE=\"SOFTWARE\" tillsammans.",
    },
    "v.recordstatus_absent": {
        "en": "Not used (optional): metsHdr/@RECORDSTATUS; the package is treated as NEW.",
        "sv": "Används inte (valfritt): metsHdr/@RECORDSTATUS; paketet behandlas som NEW.",
    },
    "v.agent_missing": {
        "en": "There is no submitting agent: metsHdr needs an agent {what} naming who submits the package.",
        "sv": "Det finns ingen levererande agent: metsHdr behöver en agent {what} som anger vem som levererar paketet.",
    },
    "v.agent_many": {
        "en": "{count} agents match {what}; the first is taken as the submitting agent, and there should be only one.",
        "sv": "{count} agenter motsvarar {what}; den första räknas som levererande agent, och det bör bara finnas en.",
    },
    # --- metadata sections --------------------------------------------------------------------------
    "v.section_missing": {
        "en": "There is no {element}.",
        "sv": "Det finns ingen {element}.",
    },
    "v.section_missing_files": {
        "en": "There is no {element}, although the package has metadata files ({files}).",
        "sv": "Det finns ingen {element}, fast paketet har metadatafiler ({files}).",
    },
    "v.section_empty": {
        "en": "{element} is empty and there are no preservation metadata files.",
        "sv": "{element} är tomt och det finns inga filer med bevarandemetadata.",
    },
    "v.no_preservation_files": {
        "en": "There is a digiprovMD but no file in {folder}.",
        "sv": "Det finns en digiprovMD men ingen fil i {folder}.",
    },
    "v.preservation_file_unreferenced": {
        "en": "{path} has no digiprovMD referencing it.",
        "sv": "{path} refereras inte av någon digiprovMD.",
    },
    "v.mdwrap_instead": {
        "en": "{element} embeds its metadata (mdWrap); CSIP references a file in the metadata folder with mdRef.",
        "sv": "{element} bäddar in sin metadata (mdWrap); CSIP refererar till en fil i mappen metadata med mdRef.",
    },
    "v.mdref_missing": {
        "en": "{element} has no mdRef referencing a metadata file.",
        "sv": "{element} saknar mdRef som refererar till en metadatafil.",
    },
    "v.mdref_missing_files": {
        "en": "{element} has no mdRef, although there are metadata files to reference ({files}).",
        "sv": "{element} saknar mdRef, fast det finns metadatafiler att referera till ({files}).",
    },
    # --- references to files ---------------------------------------------------------------------------
    "v.href_missing": {
        "en": "xlink:href \"{href}\" names {path}, which is not in the package.",
        "sv": "xlink:href \"{href}\" anger {path}, som inte finns i paketet.",
    },
    "v.href_missing.backslash": {
        "en": "xlink:href \"{href}\" uses \\ as a separator; a URL uses /. Write it as a relative URL with /.",
        "sv": "xlink:href \"{href}\" använder \\ som avgränsare; en URL använder /. Skriv den som en relativ URL med /.",
    },
    "v.href_missing.plus": {
        "en": "xlink:href \"{href}\" writes a space as +; in a URL + is a plus sign. Write a space as %20.",
        "sv": "xlink:href \"{href}\" skriver mellanslag som +; i en URL är + ett plustecken. Skriv mellanslag som %20.",
    },
    "v.href_missing.case": {
        "en": "xlink:href \"{href}\" names {path}, which is not in the package; {found} differs only in letter case.",
        "sv": "xlink:href \"{href}\" anger {path}, som inte finns i paketet; {found} skiljer sig bara i stora och små bokstäver.",
    },
    "v.href_absolute": {
        "en": "xlink:href \"{href}\" is an absolute path; use a path relative to the METS file.",
        "sv": "xlink:href \"{href}\" är en absolut sökväg; använd en sökväg relativ till METS-filen.",
    },
    "v.href_not_relative": {
        "en": "xlink:href \"{href}\" points outside the package; files of the package are referenced with relative URLs.",
        "sv": "xlink:href \"{href}\" pekar utanför paketet; paketets filer refereras med relativa URL:er.",
    },
    "v.href_outside": {
        "en": "xlink:href \"{href}\" leads out of the package folder (..).",
        "sv": "xlink:href \"{href}\" leder ut ur paketmappen (..).",
    },
    "v.mimetype": {
        "en": "MIMETYPE \"{value}\" is not an IANA media type (type/subtype, e.g. application/pdf).",
        "sv": "MIMETYPE \"{value}\" är inte en IANA-medietyp (typ/undertyp, t.ex. application/pdf).",
    },
    "v.mimetype_unregistered": {
        "en": "MIMETYPE \"{value}\" is not in the IANA Media Types registry, which this version of E-ARK requires. Use the registered type of the format (for an unknown format {suggestion}) and build the package again.",
        "sv": "MIMETYPE \"{value}\" finns inte i IANA:s register över medietyper, som den här versionen av E-ARK kräver. Använd formatets registrerade typ (för ett okänt format {suggestion}) och skapa paketet igen.",
    },
    "v.mimetype_unregistered_220": {
        "en": "MIMETYPE \"{value}\" is not in the IANA Media Types registry. E-ARK 2.2.0 allows another list only by a documented agreement with the archive; without one, use the registered type (for an unknown format {suggestion}).",
        "sv": "MIMETYPE \"{value}\" finns inte i IANA:s register över medietyper. E-ARK 2.2.0 tillåter en annan lista bara efter en dokumenterad överenskommelse med arkivet; utan en sådan, använd den registrerade typen (för ett okänt format {suggestion}).",
    },
    "v.mimetype_registry_unavailable": {
        "en": "The IANA media-type registry could not be read ({detail}), so MIMETYPE values were only checked for their form. Reinstall earchive.",
        "sv": "IANA:s register över medietyper kunde inte läsas ({detail}), så MIMETYPE-värdena kontrollerades bara till formen. Installera om earchive.",
    },
    "v.mimetype_long": {
        "en": "MIMETYPE is {length} characters long, more than {limit}.",
        "sv": "MIMETYPE är {length} tecken lång, mer än {limit}.",
    },
    "v.size_not_number": {
        "en": "SIZE \"{value}\" is not a number of bytes.",
        "sv": "SIZE \"{value}\" är inte ett antal byte.",
    },
    "v.size_mismatch": {
        "en": "{path} is {actual} bytes, but SIZE says {recorded}.",
        "sv": "{path} är {actual} byte, men SIZE anger {recorded}.",
    },
    "v.checksum_mismatch": {
        "en": "The {algorithm} checksum of {path} is {actual}, but CHECKSUM says {recorded}: the file is not the one described.",
        "sv": "Kontrollsumman ({algorithm}) för {path} är {actual}, men CHECKSUM anger {recorded}: filen är inte den som beskrivs.",
    },
    "v.size_mismatch.eol": {
        "en": "{path} is {actual} bytes, but SIZE says {recorded}: its line endings were changed (CRLF/LF), e.g. by a transfer in text mode. Transfer the package again in binary mode.",
        "sv": "{path} är {actual} byte, men SIZE anger {recorded}: radsluten har ändrats (CRLF/LF), t.ex. vid en överföring i textläge. För över paketet igen i binärläge.",
    },
    "v.checksum_mismatch.eol": {
        "en": "The {algorithm} checksum of {path} is {actual}, but CHECKSUM says {recorded}: its line endings were changed (CRLF/LF), e.g. by a transfer in text mode. Transfer the package again in binary mode.",
        "sv": "Kontrollsumman ({algorithm}) för {path} är {actual}, men CHECKSUM anger {recorded}: radsluten har ändrats (CRLF/LF), t.ex. vid en överföring i textläge. För över paketet igen i binärläge.",
    },
    "v.checksum_unsupported": {
        "en": "The checksum of {path} is of type {algorithm}, which earchive cannot compute; it was not verified.",
        "sv": "Kontrollsumman för {path} är av typen {algorithm}, som earchive inte kan beräkna; den kontrollerades inte.",
    },
    "v.file_unreadable": {
        "en": "{path} could not be read: {reason}.",
        "sv": "{path} kunde inte läsas: {reason}.",
    },
    # --- fileSec ----------------------------------------------------------------------------------------
    "v.filegrp_missing": {
        "en": "There is no fileGrp with USE=\"{use}\".",
        "sv": "Det finns ingen fileGrp med USE=\"{use}\".",
    },
    "v.filegrp_empty": {
        "en": "The fileGrp with USE=\"{use}\" has no file.",
        "sv": "fileGrp med USE=\"{use}\" har ingen fil.",
    },
    "v.use_vocabulary": {
        "en": "fileGrp/@USE \"{value}\" does not begin with one of {allowed}.",
        "sv": "fileGrp/@USE \"{value}\" börjar inte med något av {allowed}.",
    },
    "v.use_no_folder": {
        "en": "fileGrp/@USE \"{value}\" is not the path of a folder in the package.",
        "sv": "fileGrp/@USE \"{value}\" är inte sökvägen till en mapp i paketet.",
    },
    "v.format_attr_absent": {
        "en": "Not used (optional): {attribute} on {count} of {total} files.",
        "sv": "Används inte (valfritt): {attribute} på {count} av {total} filer.",
    },
    # --- structMap -----------------------------------------------------------------------------------------
    "v.no_csip_structmap": {
        "en": "There is no structMap with LABEL=\"CSIP\".",
        "sv": "Det finns ingen structMap med LABEL=\"CSIP\".",
    },
    "v.label_objid": {
        "en": "The main division's LABEL \"{label}\" differs from mets/@OBJID \"{objid}\".",
        "sv": "Huvuddivisionens LABEL \"{label}\" skiljer sig från mets/@OBJID \"{objid}\".",
    },
    "v.division_missing": {
        "en": "The CSIP structMap has no division with LABEL=\"{label}\".",
        "sv": "CSIP-structMap saknar en division med LABEL=\"{label}\".",
    },
    "v.division_many": {
        "en": "The CSIP structMap has {count} divisions with LABEL=\"{label}\"; there must be at most one.",
        "sv": "CSIP-structMap har {count} divisioner med LABEL=\"{label}\"; det får finnas högst en.",
    },
    "v.metadata_id_unlisted": {
        "en": "The Metadata division's {attribute} does not list \"{value}\".",
        "sv": "Metadata-divisionens {attribute} tar inte med \"{value}\".",
    },
    "v.filegrp_not_in_structmap": {
        "en": "The fileGrp \"{use}\" (ID {id}) is not referenced by an fptr in the \"{label}\" division.",
        "sv": "fileGrp \"{use}\" (id {id}) refereras inte av någon fptr i divisionen \"{label}\".",
    },
    "v.fptr_wrong_group": {
        "en": "fptr/@FILEID \"{value}\" in the \"{label}\" division is not the ID of a \"{label}\" fileGrp.",
        "sv": "fptr/@FILEID \"{value}\" i divisionen \"{label}\" är inte id för en fileGrp \"{label}\".",
    },
    "v.rep_not_in_structmap": {
        "en": "{path} has no division with an mptr pointing to it in the CSIP structMap.",
        "sv": "{path} har ingen division med en mptr som pekar på den i CSIP-structMap.",
    },
    "v.rep_label": {
        "en": "The representation division's LABEL \"{value}\" does not start with \"Representations/\".",
        "sv": "Representationsdivisionens LABEL \"{value}\" börjar inte med \"Representations/\".",
    },
    "v.rep_label_folder": {
        "en": "The representation division's LABEL \"{value}\" names no representation folder of the package.",
        "sv": "Representationsdivisionens LABEL \"{value}\" anger ingen representationsmapp i paketet.",
    },
    "v.mptr_title": {
        "en": "mptr/@xlink:title \"{value}\" is not the ID of a Representations fileGrp.",
        "sv": "mptr/@xlink:title \"{value}\" är inte id för en fileGrp för representationer.",
    },
    "v.mptr_label_mismatch": {
        "en": "mptr points to {path}, which is not in the folder its division's LABEL \"{label}\" names.",
        "sv": "mptr pekar på {path}, som inte ligger i mappen som divisionens LABEL \"{label}\" anger.",
    },
    # --- files -------------------------------------------------------------------------------------------------
    "v.file_unreferenced": {
        "en": "{path} is not referenced from any METS file.",
        "sv": "{path} refereras inte från någon METS-fil.",
    },
    "v.file_unreferenced_more": {
        "en": "… and {count} more files not referenced from any METS file.",
        "sv": "… och ytterligare {count} filer som inte refereras från någon METS-fil.",
    },
    "v.check_crashed": {
        "en": "The check of {req} failed unexpectedly ({detail}); the requirement was not verified. Please report this.",
        "sv": "Kontrollen av {req} misslyckades oväntat ({detail}); kravet kontrollerades inte. Rapportera gärna felet.",
    },
    "v.findings_capped": {
        "en": "… and {count} more findings of this requirement (only the first {kept} are listed).",
        "sv": "… och ytterligare {count} iakttagelser för detta krav (bara de första {kept} visas).",
    },
    "v.more_findings": {
        "en": "(and {count} more)",
        "sv": "(och {count} till)",
    },
    # --- what to do (one line under each error or warning group of the reports) ---------------------------
    "v.todo.default": {
        "en": "Correct this in the program or export that made the package (or ask the sender to), then validate the new package.",
        "sv": "Rätta detta i programmet eller exporten som skapade paketet (eller be avsändaren göra det) och validera sedan det nya paketet.",
    },
    "v.todo.v.checksum_mismatch": {
        "en": "The file changed after the package was made, or this copy is damaged. Copy the package again from its source and validate the copy; if the file was changed on purpose, build the package again so that METS records the new checksum. Never edit the checksum by hand.",
        "sv": "Filen har ändrats efter att paketet skapades, eller så är den här kopian skadad. Kopiera paketet igen från källan och validera kopian; om filen ändrats med avsikt, skapa paketet på nytt så att METS får den nya kontrollsumman. Ändra aldrig kontrollsumman för hand.",
    },
    "v.todo.v.size_mismatch": {
        "en": "The file is not the one the package describes: copy the package again from its source, or build it again if the file was changed on purpose.",
        "sv": "Filen är inte den som paketet beskriver: kopiera paketet igen från källan, eller skapa det på nytt om filen ändrats med avsikt.",
    },
    "v.todo.v.checksum_mismatch.eol": {
        "en": "Transfer the package again in binary mode (FTP: binary; git: no autocrlf), or as a ZIP, and validate the new copy.",
        "sv": "För över paketet igen i binärläge (FTP: binary; git: utan autocrlf), eller som ZIP, och validera den nya kopian.",
    },
    "v.todo.v.size_mismatch.eol": {
        "en": "Transfer the package again in binary mode (FTP: binary; git: no autocrlf), or as a ZIP, and validate the new copy.",
        "sv": "För över paketet igen i binärläge (FTP: binary; git: utan autocrlf), eller som ZIP, och validera den nya kopian.",
    },
    "v.todo.v.href_missing": {
        "en": "Put the missing file back where the reference points (copy the package again if it was lost on the way), or build the package again.",
        "sv": "Lägg tillbaka den saknade filen där referensen pekar (kopiera paketet igen om den försvann på vägen), eller skapa paketet på nytt.",
    },
    "v.todo.v.href_missing.plus": {
        "en": "The program that made the package encodes spaces wrongly: write a space in a link as %20 (earchive does), then build the package again.",
        "sv": "Programmet som skapade paketet kodar mellanslag fel: skriv mellanslag i en länk som %20 (som earchive gör) och skapa sedan paketet på nytt.",
    },
    "v.todo.v.href_missing.backslash": {
        "en": "Write links with / (as URLs), not \\ (Windows paths), then build the package again.",
        "sv": "Skriv länkar med / (som URL:er), inte \\ (Windows-sökvägar), och skapa sedan paketet på nytt.",
    },
    "v.todo.v.href_missing.case": {
        "en": "Make the link and the file name agree letter for letter (many archive systems tell upper and lower case apart), then build the package again.",
        "sv": "Se till att länken och filnamnet stämmer tecken för tecken (många arkivsystem skiljer på stora och små bokstäver) och skapa sedan paketet på nytt.",
    },
    "v.todo.v.schema_error": {
        "en": "Open the file at the line given and correct the element or value the schema names (an XML editor shows the schema errors as you type), then validate again.",
        "sv": "Öppna filen på den angivna raden och rätta elementet eller värdet som schemat pekar ut (en XML-redigerare visar schemafelen medan du skriver) och validera sedan igen.",
    },
    "v.todo.v.schema_not_in_package": {
        "en": "Add the schema file to the schemas folder and list it in the Schemas file group of METS.xml (earchive does this for the schemas it has), then validate again.",
        "sv": "Lägg schemafilen i mappen schemas och ta med den i filgruppen Schemas i METS.xml (earchive gör det för de scheman det har) och validera sedan igen.",
    },
    "v.todo.v.schema_not_shippable": {
        "en": "If the archive asks for it, put {filename} (from {namespace_url}) in the schemas folder and list it in the Schemas file group; RODA accepts the package without it.",
        "sv": "Om arkivet begär det, lägg {filename} (från {namespace_url}) i mappen schemas och ta med den i filgruppen Schemas; RODA tar emot paketet utan den.",
    },
    "v.todo.v.schema_unavailable": {
        "en": "Install earchive with its schemas (./setup.sh or the installer; pip install earchive brings them), or check the file with another XML validator.",
        "sv": "Installera earchive med dess scheman (./setup.sh eller installationsprogrammet; pip install earchive tar med dem), eller kontrollera filen med en annan XML-validerare.",
    },
    "v.todo.v.mimetype_unregistered": {
        "en": "Use the registered media type of each format (https://www.iana.org/assignments/media-types; application/octet-stream when the format is unknown), then build the package again.",
        "sv": "Använd den registrerade medietypen för varje format (https://www.iana.org/assignments/media-types; application/octet-stream när formatet är okänt) och skapa sedan paketet på nytt.",
    },
    "v.todo.v.mimetype_unregistered_220": {
        "en": "If the archive has agreed to another list of media types, this is in order; otherwise use the registered types.",
        "sv": "Om arkivet har godkänt en annan lista över medietyper är detta i sin ordning; annars, använd de registrerade typerna.",
    },
    "v.todo.v.file_unreferenced": {
        "en": "List the file in the METS (in the right file group), or remove it from the package if it does not belong there.",
        "sv": "Ta med filen i METS (i rätt filgrupp), eller ta bort den ur paketet om den inte hör dit.",
    },
    "v.todo.v.attr_wrong_namespace": {
        "en": "Correct the namespace URI in the xmlns declaration letter for letter, then validate again.",
        "sv": "Rätta namnrymdens adress i xmlns-deklarationen tecken för tecken och validera sedan igen.",
    },
    "v.todo.v.file_unreadable": {
        "en": "Check that the file can be opened (permissions, a damaged disk or archive), copy the package again, and validate the copy.",
        "sv": "Kontrollera att filen går att öppna (behörighet, skadad disk eller arkiv), kopiera paketet igen och validera kopian.",
    },
    "v.todo.v.read.issue.link": {
        "en": "Replace each link with the file it points to and pack the package again.",
        "sv": "Ersätt varje länk med filen den pekar på och packa paketet igen.",
    },
    "v.todo.v.read.issue.unsafe_path": {
        "en": "Do not unpack this archive with other tools; ask the sender for a new package without such entries.",
        "sv": "Packa inte upp arkivet med andra verktyg; be avsändaren om ett nytt paket utan sådana poster.",
    },
    "v.todo.v.mets_too_large": {
        "en": "Validate again with the --max-mets-size the message gives, on a computer with enough free memory.",
        "sv": "Validera igen med den --max-mets-size som meddelandet anger, på en dator med tillräckligt ledigt minne.",
    },
    "v.todo.v.str.folder_missing": {
        "en": "Create the folder (even empty folders help the archive find its way), then build the package again.",
        "sv": "Skapa mappen (även tomma mappar hjälper arkivet att hitta rätt) och skapa sedan paketet på nytt.",
    },
    "v.todo.v.objid_folder_root": {
        "en": "Name the package folder (or ZIP) after the package's OBJID.",
        "sv": "Ge paketmappen (eller ZIP-filen) samma namn som paketets OBJID.",
    },
    "v.todo.v.check_crashed": {
        "en": "Please report this, with the package if you can: earchive could not check this requirement.",
        "sv": "Rapportera gärna detta, med paketet om möjligt: earchive kunde inte kontrollera kravet.",
    },
    # --- why skipped -------------------------------------------------------------------------------------------
    "v.skip.not_applicable": {"en": "Not applicable to this package.", "sv": "Gäller inte det här paketet."},
    "v.skip.not_implemented": {"en": "Not checked by earchive (not testable automatically).",
                               "sv": "Kontrolleras inte av earchive (kan inte testas automatiskt)."},
    "v.skip.not_sip": {"en": "Not applicable: the package does not declare itself a SIP.",
                       "sv": "Gäller inte: paketet anger inte att det är ett SIP."},
    "v.skip.no_mets": {"en": "Not checked: the METS file could not be read.",
                       "sv": "Kontrollerades inte: METS-filen kunde inte läsas."},
    "v.skip.no_representation_mets": {"en": "Not applicable: no representation METS.",
                                      "sv": "Gäller inte: ingen METS för representationer."},
    "v.skip.schema_unavailable": {"en": "Not checked: the schema is not available.",
                                  "sv": "Kontrollerades inte: schemat finns inte tillgängligt."},
    "v.skip.check_failed": {"en": "Not checked: the check failed unexpectedly.",
                            "sv": "Kontrollerades inte: kontrollen misslyckades oväntat."},
    # --- the RODA view (roda_view.py) -------------------------------------------------------------------
    "v.roda.title": {"en": "RODA's view (commons-ip 2.11.2)", "sv": "RODA:s bedömning (commons-ip 2.11.2)"},
    "v.roda.agrees": {
        "en": "commons-ip, which RODA ingests with, agrees with earchive on every MUST requirement: {roda}.",
        "sv": "commons-ip, som RODA tar emot paket med, är ense med earchive om alla SKA-krav: {roda}.",
    },
    "v.roda.differs": {
        "en": "commons-ip, which RODA ingests with, judges {count} MUST requirement(s) otherwise than earchive:",
        "sv": "commons-ip, som RODA tar emot paket med, bedömer {count} SKA-krav annorlunda än earchive:",
    },
    "v.roda.stricter": {
        "en": "{requirement}: earchive finds it broken, commons-ip does not; {roda}.",
        "sv": "{requirement}: earchive finner kravet brutet, commons-ip gör det inte; {roda}.",
    },
    "v.roda.laxer": {
        "en": "{requirement}: commons-ip finds it broken (\"{detail}\"), earchive does not; {roda}.",
        "sv": "{requirement}: commons-ip finner kravet brutet (\"{detail}\"), earchive gör det inte; {roda}.",
    },
    "v.roda.will_ingest": {"en": "RODA will ingest the package", "sv": "RODA kommer att ta emot paketet"},
    "v.roda.will_refuse": {"en": "RODA will refuse the package at ingest", "sv": "RODA kommer att avvisa paketet vid mottagningen"},
    "v.roda.no_bridge": {
        "en": "not available: this earchive has no bridge to commons-ip ({reason}).",
        "sv": "inte tillgänglig: den här versionen av earchive saknar kopplingen till commons-ip ({reason}).",
    },
    "v.roda.unavailable": {
        "en": "not available: commons-ip could not be run ({reason}). Install Java 17 and the commons-ip jar (./setup.sh) to see it.",
        "sv": "inte tillgänglig: commons-ip kunde inte köras ({reason}). Installera Java 17 och commons-ip (./setup.sh) för att se den.",
    },
    # --- reports -------------------------------------------------------------------------------------------------
    "v.report.title": {"en": "E-ARK package validation report", "sv": "Valideringsrapport för E-ARK-paket"},
    "v.report.valid": {"en": "VALID", "sv": "GILTIGT"},
    "v.report.invalid": {"en": "NOT VALID", "sv": "INTE GILTIGT"},
    "v.report.headline_yes": {"en": "VALID: the package can be delivered", "sv": "GILTIGT: paketet kan levereras"},
    "v.report.headline_no": {"en": "NOT VALID: do not deliver the package", "sv": "INTE GILTIGT: leverera inte paketet"},
    "v.report.headline_incomplete": {"en": "VALID AS FAR AS CHECKED: not everything could be checked",
                                     "sv": "GILTIGT SÅ LÅNGT DET KONTROLLERADES: allt kunde inte kontrolleras"},
    "v.report.deliver_yes": {
        "en": "It meets every MUST requirement of E-ARK CSIP/SIP {version} that earchive checks.",
        "sv": "Det uppfyller alla SKA-krav i E-ARK CSIP/SIP {version} som earchive kontrollerar.",
    },
    "v.report.deliver_should": {
        "en": "{count} recommendation(s) (SHOULD) are not met: they do not stop the delivery, but the archive may ask for them.",
        "sv": "{count} rekommendation(er) (BÖR) är inte uppfyllda: de hindrar inte leveransen, men arkivet kan begära dem.",
    },
    "v.report.deliver_no": {
        "en": "It breaks {count} MUST requirement(s) of E-ARK CSIP/SIP {version} ({errors} error(s)); the archive will refuse it. Fix the errors below (each says what to do) and validate again.",
        "sv": "Det bryter mot {count} SKA-krav i E-ARK CSIP/SIP {version} ({errors} fel); arkivet kommer att avvisa det. Rätta felen nedan (vid varje fel står vad du ska göra) och validera igen.",
    },
    "v.report.deliver_incomplete": {
        "en": "Not everything could be checked ({what}): see the warnings below; the package is confirmed only in what was checked.",
        "sv": "Allt kunde inte kontrolleras ({what}): se varningarna nedan; paketet är bekräftat bara i det som kontrollerades.",
    },
    "v.report.requirements": {
        "en": "Requirements: {passed} met, {failed} MUST broken, {should} SHOULD not met, {not_used} optional not used, {skipped} not checked",
        "sv": "Krav: {passed} uppfyllda, {failed} SKA-krav brutna, {should} BÖR-krav ej uppfyllda, {not_used} valfria används inte, {skipped} ej kontrollerade",
    },
    "v.report.section": {
        "en": "{title}: {requirements} requirement(s), {findings} finding(s)",
        "sv": "{title}: {requirements} krav, {findings} iakttagelse(r)",
    },
    "v.report.times": {"en": "{count} times", "sv": "{count} gånger"},
    "v.report.todo": {"en": "What to do", "sv": "Gör så här"},
    "v.report.places": {"en": "Where", "sv": "Var"},
    "v.report.more_places": {"en": "… and {count} more places", "sv": "… och {count} ställen till"},
    "v.report.not_used": {"en": "Optional features not used", "sv": "Valfria delar som inte används"},
    "v.report.all_places": {
        "en": "Every place is listed in the HTML report (--format html) and in the JSON report.",
        "sv": "Alla ställen finns i HTML-rapporten (--format html) och i JSON-rapporten.",
    },
    "v.report.package": {"en": "Package", "sv": "Paket"},
    "v.report.version": {"en": "Specification", "sv": "Specifikation"},
    "v.report.version_given": {"en": "as given", "sv": "enligt angivet val"},
    "v.report.version_profile": {"en": "read from mets/@PROFILE", "sv": "läst ur mets/@PROFILE"},
    "v.report.version_assumed": {"en": "assumed: mets/@PROFILE names 2.0.4 and 2.1.0 alike", "sv": "antagen: mets/@PROFILE gäller både 2.0.4 och 2.1.0"},
    "v.report.version_default": {"en": "default (mets/@PROFILE not recognised)", "sv": "standard (mets/@PROFILE kändes inte igen)"},
    "v.report.checked": {"en": "Checked", "sv": "Kontrollerat"},
    "v.report.checked_detail": {
        "en": "{files} files, {mets} METS file(s), {bytes} hashed, in {seconds} s",
        "sv": "{files} filer, {mets} METS-fil(er), {bytes} kontrollsummerade, på {seconds} s",
    },
    "v.report.no_fixity": {"en": "checksums not verified (--no-fixity)", "sv": "kontrollsummor inte kontrollerade (--no-fixity)"},
    "v.report.counts": {
        "en": "Findings: {errors} error(s), {warnings} warning(s), {infos} note(s)",
        "sv": "Iakttagelser: {errors} fel, {warnings} varning(ar), {infos} notering(ar)",
    },
    "v.report.errors": {"en": "Errors (stop the delivery)", "sv": "Fel (hindrar leverans)"},
    "v.report.warnings": {"en": "Warnings (should be put right)", "sv": "Varningar (bör rättas)"},
    "v.report.infos": {"en": "Notes", "sv": "Noteringar"},
    "v.report.passed": {"en": "Requirements met", "sv": "Uppfyllda krav"},
    "v.report.skipped": {"en": "Requirements not checked", "sv": "Krav som inte kontrollerades"},
    "v.report.col_requirement": {"en": "Requirement", "sv": "Krav"},
    "v.report.col_level": {"en": "Level", "sv": "Nivå"},
    "v.report.col_where": {"en": "Where", "sv": "Var"},
    "v.report.col_message": {"en": "What", "sv": "Vad"},
    "v.report.col_reason": {"en": "Why", "sv": "Varför"},
    "v.report.status.passed": {"en": "passed", "sv": "uppfyllt"},
    "v.report.status.failed": {"en": "failed", "sv": "ej uppfyllt"},
    "v.report.status.skipped": {"en": "skipped", "sv": "ej kontrollerat"},
    "v.report.level.MUST": {"en": "MUST", "sv": "SKA"},
    "v.report.level.SHOULD": {"en": "SHOULD", "sv": "BÖR"},
    "v.report.level.MAY": {"en": "MAY", "sv": "KAN"},
    "v.report.line": {"en": "line {line}", "sv": "rad {line}"},
    "v.report.generated": {"en": "Generated by earchive {version} on {date}.", "sv": "Skapad av earchive {version} den {date}."},
    "v.report.none": {"en": "None.", "sv": "Inga."},
    "v.report.cannot_write": {
        "en": "Cannot write the report to {path}: {reason}. Choose a file in a folder that exists and that you may write to.",
        "sv": "Kan inte skriva rapporten till {path}: {reason}. Välj en fil i en mapp som finns och som du får skriva i.",
    },
    "v.report.wrote": {"en": "Report written to {path}", "sv": "Rapporten skrevs till {path}"},
}

register(MESSAGES)
