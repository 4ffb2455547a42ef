#!/usr/bin/env bash
# The whole pipeline on the sample release, then on a follow-up release in a scratch
# workspace, printing where the results are. Run by `make demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
L10N=.venv/bin/l10n
SAMPLE=kazakhstan-impunity-2019

echo "== 1. The sample release in this repository's workspace (en → kk, ru, fr)"
$L10N ingest
$L10N pretranslate            # nothing left to suggest: the sample is translated and reviewed
$L10N check
$L10N status --html out/status.html
for lang in kk ru fr; do
  for fmt in txt html docx; do
    $L10N export "$SAMPLE" --lang "$lang" --format "$fmt" -o "out/$lang/$SAMPLE.$fmt"
  done
done
$L10N publish "$SAMPLE" --formats txt,html,md --require-reviewed -o out/publish
$L10N compile
$L10N xliff export "$SAMPLE" --lang kk -o "out/xliff/$SAMPLE.kk.xlf"

echo
echo "== 2. A follow-up release that shares paragraphs with the sample (scratch workspace)"
WS=out/demo-workspace
rm -rf "$WS"
$L10N init "$WS" --source en --targets kk,ru,fr   # [publish] require_reviewed = true
cp -r source_texts locales glossary "$WS/"
cp demo/follow-up.txt "$WS/source_texts/kazakhstan-follow-up.txt"
$L10N ingest -w "$WS"
echo "-- pre-translation with the default chain (offline engine: no model installed here)"
$L10N pretranslate kazakhstan-follow-up -w "$WS"
echo "-- the new sentences through the pseudo engine (layout testing)"
$L10N pretranslate kazakhstan-follow-up --engine pseudo -w "$WS"
$L10N status kazakhstan-follow-up -w "$WS"
$L10N review kazakhstan-follow-up --lang ru -w "$WS" | tail -3
$L10N export kazakhstan-follow-up --lang ru --include-fuzzy -o out/ru/kazakhstan-follow-up.txt -w "$WS"
echo "-- publish --all: the sample (reviewed) goes out; the follow-up (unreviewed suggestions) does not"
$L10N publish --all -w "$WS"

echo
echo "Results:"
echo "  template:   locales/templates/$SAMPLE.pot"
echo "  catalogs:   locales/{kk,ru,fr}/LC_MESSAGES/$SAMPLE.po"
echo "  exports:    out/{kk,ru,fr}/$SAMPLE.{txt,html,docx} (docx: a Word document per language)"
echo "  QA status:  out/status.html (open it in a browser)"
echo "  published:  out/publish/$SAMPLE/ (manifest.json, {en,kk,ru,fr}/$SAMPLE.html pages) and out/publish/$SAMPLE.zip"
echo "  MO files:   locales/{kk,ru,fr}/LC_MESSAGES/$SAMPLE.mo"
echo "  XLIFF:      out/xliff/$SAMPLE.kk.xlf (for OmegaT, memoQ, Trados)"
echo "  follow-up:  $WS/locales/{kk,ru,fr}/LC_MESSAGES/kazakhstan-follow-up.po"
echo "              out/ru/kazakhstan-follow-up.txt (fuzzy suggestions included)"
echo "              $WS/out/publish/$SAMPLE/ (publish --all; the follow-up is not reviewed yet)"
