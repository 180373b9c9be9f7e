#!/usr/bin/env bash
# Prints the sample invoice, public buyer's invoice, credit note, convention and contract, and the sample certificat de
# réalisation and attestation de fin de formation (DocumentSamplesCertificates, same filter), the sample attendance sheet
# (DocumentSamplesAttendance, same filter), exactly as the app prints them
# (tests/Monalisa.Functions.Tests/Documents/DocumentSamples.cs → artifacts/documents/*.pdf), then their first page as
# PNG in docs/screenshots/ (pdftoppm); then the pages of issue 18's journey and the BPF page, shot in Chromium by their
# browser tests, and the editor /admin/ adding a session (MONALISA_DOC_SCREENSHOTS=1: the test suite alone never
# writes into docs/). Run it after changing
# site/theme/legal/*.liquid, the PDF writer or those pages.
source "$(dirname "$0")/lib.sh"
STEPS=5

step "pdftoppm (poppler-utils)"
ensure_poppler
done_step

step "Impression des documents d'exemple (artifacts/documents/)"
dotnet test tests/Monalisa.Functions.Tests --nologo -v quiet --filter "FullyQualifiedName~Documents.DocumentSamples"
done_step

step "Première page de chaque document en PNG (docs/screenshots/)"
mkdir -p docs/screenshots
for pdf in artifacts/documents/*.pdf; do
  name="$(basename "$pdf" .pdf)"
  # -singlefile: « name.png » rather than « name-1.png »; 110 dpi: an A4 page about 900 pixels wide, readable on screen.
  pdftoppm -png -r 110 -f 1 -l 1 -singlefile "$pdf" "docs/screenshots/$name-page-1"
  echo "      docs/screenshots/$name-page-1.png"
done
done_step

step "Pages de l'émargement, de l'évaluation, du questionnaire et du BPF (docs/screenshots/, Chromium)"
ensure_chromium
MONALISA_DOC_SCREENSHOTS=1 dotnet test tests/Monalisa.Browser.Tests --nologo -v quiet \
  --filter "FullyQualifiedName~DeliverAndProveJourneyTests|FullyQualifiedName~BpfPageScreenshot"
done_step

step "L'éditeur /admin/ (Decap CMS) à 1280 px : ajout d'une session (docs/screenshots/cms-*.png, Chromium)"
MONALISA_DOC_SCREENSHOTS=1 dotnet test tests/Monalisa.Browser.Tests --nologo -v quiet --filter "FullyQualifiedName~CmsEditorBrowserTests"
done_step
