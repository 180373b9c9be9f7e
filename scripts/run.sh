#!/usr/bin/env bash
# Runs the product locally: the site and the API on http://localhost:7071, over Azurite, with no keys.
source "$(dirname "$0")/lib.sh"
ensure_node_modules
echo "› dotnet build"
dotnet build monalisa-serverless.sln -c Debug -v quiet -nologo
if [ -f src/Monalisa.Site/Monalisa.Site.csproj ]; then
  echo "› site build"
  # --exemples: a local preview may show the legal facts still « à compléter » in site/settings.yml; a deployment may not.
  dotnet run --project src/Monalisa.Site -c Debug --no-build -- build --exemples
fi
echo
echo "  MONALISA — formations : http://localhost:7071"
echo "  (Ctrl+C pour arrêter ; les données locales sont dans .data/)"
echo
exec dotnet run --project src/Monalisa.LocalHost -c Debug --no-build
