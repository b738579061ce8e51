#!/usr/bin/env bash
# Provides the OASIS UBL 2.1 schemas (XSD validation of inbound and outbound documents) in
# .tools/ubl-2.1/xsdrt — the folder holding common/ and maindoc/, laid out like the xsdrt/ folder
# of the OASIS distribution. Taken from Maven Central with the ordinary Maven client, pinned:
#   com.helger.ubl:ph-ubl21 (Apache-2.0)  the OASIS UBL 2.1 files, under external/schemas/ubl21/
#   com.helger.xsd:ph-xsds-*  (Apache-2.0)  the schemas UBL imports from elsewhere (UN/CEFACT CCTS,
#                                           W3C XML-DSig, ETSI XAdES 1.3.2 / 1.4.1), which the
#                                           ph-ubl21 jar imports by namespace only
# The imports get their file names as in the OASIS distribution, so the set is self-contained.
# Called by `npm install` (postinstall), `npm start`, `npm test` and CI. Never installs anything
# globally (Maven keeps its usual cache in ~/.m2).
#
#   UBL_SCHEMA_DIR  use this folder instead (it must hold maindoc/UBL-Order-2.1.xsd); nothing is installed
#   --soft          report problems but exit 0 (used by postinstall so that `npm install` still
#                   succeeds on a machine without Maven)
set -euo pipefail

PH_UBL21_VERSION="10.2.0"
PH_XSDS_VERSION="4.1.0"
DEPENDENCY_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.8.1"

soft=0
[ "${1:-}" = "--soft" ] && soft=1

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="$root/.tools/ubl-2.1"
stamp="$target/.installed-$PH_UBL21_VERSION-$PH_XSDS_VERSION"

fail() {
  cat >&2 <<MSG
jakamo-so: could not install the UBL 2.1 schemas: $1

What to do:
  - install Maven (Debian: apt-get install maven) with access to Maven Central, then run
      bash scripts/install-ubl-schemas.sh
  - or download the OASIS UBL 2.1 distribution
    (https://docs.oasis-open.org/ubl/os-UBL-2.1/UBL-2.1.zip), unpack it and set
      UBL_SCHEMA_DIR=/absolute/path/to/xsdrt
    (the folder holding common/ and maindoc/)
MSG
  if [ "$soft" = 1 ]; then exit 0; fi
  exit 1
}

if [ -n "${UBL_SCHEMA_DIR:-}" ]; then
  [ -f "$UBL_SCHEMA_DIR/maindoc/UBL-Order-2.1.xsd" ] ||
    fail "UBL_SCHEMA_DIR=$UBL_SCHEMA_DIR holds no maindoc/UBL-Order-2.1.xsd"
  exit 0
fi
[ -f "$stamp" ] && exit 0

command -v mvn >/dev/null || fail "Maven (mvn) was not found"
python="$(command -v python3 || command -v python || true)"
[ -n "$python" ] || fail "python3 (to unpack the jars) was not found"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

artifacts=(
  "com.helger.ubl:ph-ubl21:$PH_UBL21_VERSION"
  "com.helger.xsd:ph-xsds-ccts-cct-schemamodule:$PH_XSDS_VERSION"
  "com.helger.xsd:ph-xsds-xmldsig:$PH_XSDS_VERSION"
  "com.helger.xsd:ph-xsds-xades132:$PH_XSDS_VERSION"
  "com.helger.xsd:ph-xsds-xades141:$PH_XSDS_VERSION"
)
echo "jakamo-so: taking the UBL 2.1 schemas from Maven Central (ph-ubl21 $PH_UBL21_VERSION) into $target" >&2
for artifact in "${artifacts[@]}"; do
  # Run outside the project so that no pom.xml is picked up; Maven's output is shown only when it fails.
  if ! (cd "$work" && mvn -q -B "$DEPENDENCY_PLUGIN:copy" "-Dartifact=$artifact:jar" "-DoutputDirectory=$work/jars") >"$work/mvn.log" 2>&1; then
    sed 's/\x1b\[[0-9;]*m//g' "$work/mvn.log" >&2
    fail "mvn dependency:copy of $artifact failed (see the Maven output above)"
  fi
done

# Unpack into a fresh folder beside the target, then swap it in: an interrupted run leaves the
# previous installation (or none) and no stamp.
"$python" - "$work/jars" "$work/xsdrt" "$PH_UBL21_VERSION" "$PH_XSDS_VERSION" <<'PY' || fail "unpacking the jars failed (see the message above)"
import os, re, sys, zipfile

jars, out, ubl_version, xsds_version = sys.argv[1:]

def extract(jar, member_prefix, destination, rename=None):
    count = 0
    with zipfile.ZipFile(os.path.join(jars, jar)) as archive:
        for name in archive.namelist():
            if not name.startswith(member_prefix) or not name.endswith(".xsd"):
                continue
            relative = rename or name[len(member_prefix):]
            path = os.path.join(destination, relative)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with archive.open(name) as source, open(path, "wb") as target:
                target.write(source.read())
            count += 1
    if count == 0:
        sys.exit(f"{jar} holds no {member_prefix}*.xsd: its layout changed")

extract(f"ph-ubl21-{ubl_version}.jar", "external/schemas/ubl21/", out)
common = os.path.join(out, "common")
# The OASIS distribution's file names for the schemas UBL imports.
extract(f"ph-xsds-ccts-cct-schemamodule-{xsds_version}.jar", "schemas/CCTS_CCT_SchemaModule.xsd", common, "CCTS_CCT_SchemaModule-2.1.xsd")
extract(f"ph-xsds-xmldsig-{xsds_version}.jar", "schemas/xmldsig-core-schema.xsd", common, "UBL-xmldsig-core-schema-2.1.xsd")
extract(f"ph-xsds-xades132-{xsds_version}.jar", "schemas/XAdES01903v132-201601.xsd", common, "UBL-XAdESv132-2.1.xsd")
extract(f"ph-xsds-xades141-{xsds_version}.jar", "schemas/XAdES01903v141-201601.xsd", common, "UBL-XAdESv141-2.1.xsd")

# Imports by namespace only get the file that declares the namespace, as in the OASIS xsdrt/.
locations = {
    "urn:un:unece:uncefact:data:specification:CoreComponentTypeSchemaModule:2": "CCTS_CCT_SchemaModule-2.1.xsd",
    "http://www.w3.org/2000/09/xmldsig#": "UBL-xmldsig-core-schema-2.1.xsd",
    "http://uri.etsi.org/01903/v1.3.2#": "UBL-XAdESv132-2.1.xsd",
    "http://uri.etsi.org/01903/v1.4.1#": "UBL-XAdESv141-2.1.xsd",
}
bare_import = re.compile(r'<xsd:import\s+namespace="([^"]+)"\s*/>')
for folder, _, files in os.walk(out):
    for file in files:
        path = os.path.join(folder, file)
        with open(path, encoding="utf-8") as source:
            text = source.read()
        def locate(match):
            namespace = match.group(1)
            if namespace not in locations:
                sys.exit(f"{file} imports {namespace} without a schemaLocation, and no schema for it is known")
            location = locations[namespace]
            if folder != common:
                location = "../common/" + location
            return f'<xsd:import namespace="{namespace}" schemaLocation="{location}"/>'
        patched = bare_import.sub(locate, text)
        if patched != text:
            with open(path, "w", encoding="utf-8") as target:
                target.write(patched)
        unresolved = [m for m in re.finditer(r"<xsd:import\b[^>]*>", patched) if "schemaLocation" not in m.group(0)]
        if unresolved:
            sys.exit(f"{file}: an import without schemaLocation is left: {unresolved[0].group(0)}")

for kind in ["Order", "OrderChange", "OrderCancellation", "OrderResponse", "OrderResponseSimple"]:
    if not os.path.isfile(os.path.join(out, "maindoc", f"UBL-{kind}-2.1.xsd")):
        sys.exit(f"ph-ubl21-{ubl_version}.jar holds no maindoc/UBL-{kind}-2.1.xsd")
PY

rm -rf "$target"
mkdir -p "$target"
mv "$work/xsdrt" "$target/xsdrt"
touch "$stamp"
