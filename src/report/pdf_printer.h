// Printing a report's HTML to PDF with headless Chromium (Debian's
// `chromium` package): the same engine the browser tests use, so the PDF
// looks like the printed HTML, with the SVG charts as vectors and Chinese
// text in Noto Sans CJK (fonts-noto-cjk). docs/reports.md says why this and
// not a cairo/pango renderer.
//
// How: the HTML is written to a private temporary directory, and
//   chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer
//            --user-data-dir=<tmp> --print-to-pdf=<out> file://<tmp>/report.html
// runs with a time limit; the PDF is written to a temporary name beside
// `out_path` and renamed into place only when Chromium produced a PDF, so a
// failed print never leaves half a file. A print takes 1-3 s.
#pragma once

#include <string>

#include "core/result.h"
#include "core/status.h"

namespace kinet {

struct PdfOptions {
  // The Chromium binary; "" = $KINET_CHROMIUM, else the first of chromium,
  // chromium-browser, google-chrome found on PATH.
  std::string chromium;
  int timeout_seconds = 60;
};

// The Chromium binary PdfOptions selects, or FailedPrecondition naming what
// was looked for and how to install it (`apt-get install chromium`).
Result<std::string> FindChromium(const PdfOptions& options);

// Prints `html` to a PDF at `out_path`. FailedPrecondition when Chromium is
// missing; Unavailable when it fails or times out (with its last stderr
// line), or when `out_path` cannot be written.
Status PrintHtmlToPdf(const std::string& html, const std::string& out_path,
                      const PdfOptions& options = {});

}  // namespace kinet
