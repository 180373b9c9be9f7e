#!/usr/bin/env bash
# Runs the product locally: the site and the API on http://localhost:7071, over Azurite, with no keys.
source "$(dirname "$0")/lib.sh"
STEPS=4
ensure_node_modules

# Only what runs: the local host and the site generator (the tests are built by test.sh). A first build takes
# minutes (restore, then each project): it says so, and names each project as it finishes. Later, MSBuild is not
# even started when no source is newer than both programs: its « nothing to do » still costs a minute on 2 cores.
host=src/Monalisa.LocalHost/bin/Debug/net10.0/Monalisa.LocalHost.dll
generator=src/Monalisa.Site/bin/Debug/net10.0/Monalisa.Site.dll
if [ ! -f "$host" ] || [ ! -f "$generator" ]; then
  step "Compilation (.NET), la première fois : restauration des paquets NuGet puis chaque projet, quelques minutes"
  build_all 1 src/Monalisa.LocalHost src/Monalisa.Site
elif newer_sources "$host" || newer_sources "$generator"; then
  step "Compilation (.NET) : seulement ce qui a changé"
  build_all 0 src/Monalisa.LocalHost src/Monalisa.Site
else
  step "Compilation (.NET) : rien n'a changé depuis la dernière"
fi
done_step

step "Génération du site (site/output/)"
# --exemples: a local preview may show the legal facts still « à compléter » in site/settings.yml; a deployment may not.
# --cms-local: /admin/ saves through the local host's decap-server (no account; the files of this working tree).
dotnet run --project src/Monalisa.Site -c Debug --no-build -- build --exemples --cms-local http://localhost:7071/_dev/cms/api/v1
done_step

step "Démarrage de l'hôte local (Azurite, puis le site et l'API) : les adresses s'affichent dès qu'il est prêt"
exec dotnet run --project src/Monalisa.LocalHost -c Debug --no-build
