"""Serves a built directory (dist/ by default) on 127.0.0.1 for scripts/serve.sh and the
end-to-end tests: Python's static file server plus `Access-Control-Allow-Origin: *`, which the
widget needs inside a sandboxed iframe (its document has an opaque origin, so the module script
and the wasm it loads are cross-origin requests). Static hosts such as GitHub Pages send the same
header.

Usage: python3 scripts/serve_dist.py PORT [DIRECTORY]
"""

import functools
import http.server
import sys


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".webmanifest": "application/manifest+json",
        ".js": "text/javascript",
    }

    def end_headers(self):
        self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()

    def log_message(self, format, *args):
        pass


def main():
    port = int(sys.argv[1])
    directory = sys.argv[2] if len(sys.argv) > 2 else "dist"
    handler = functools.partial(Handler, directory=directory)
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        print(f"serving {directory} on http://127.0.0.1:{port}/", flush=True)
        server.serve_forever()


if __name__ == "__main__":
    main()
