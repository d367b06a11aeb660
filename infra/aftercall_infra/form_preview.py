"""A local picture of the memo form: the managed Form view's data (infra/connect/) as plain HTML.

Not Connect's renderer: an approximation for docs/agent-workspace.md, so that the form can be read
and reviewed without an instance. ``python -m aftercall_infra.form_preview OUT_DIR`` writes one HTML
page per language; docs/images/ holds their screenshots, taken with headless Chromium.
"""

from __future__ import annotations

import sys
from html import escape
from pathlib import Path
from typing import Any

from aftercall_infra.agent_workspace import load

LOCALES = ("ko-KR", "en-US")
_STYLE = """
body{font-family:"Noto Sans CJK KR","Noto Sans",sans-serif;margin:0;background:#f2f3f3;color:#16191f}
main{max-width:760px;margin:24px auto;background:#fff;border:1px solid #d5dbdb;border-radius:8px;padding:24px}
h1{font-size:22px;margin:0 0 4px}p.sub{color:#545b64;margin:0 0 20px}
section{border-top:1px solid #eaeded;padding:12px 0}h2{font-size:16px;margin:4px 0 10px}
label{display:block;font-size:13px;color:#545b64;margin:8px 0 4px}
input{width:100%;box-sizing:border-box;padding:8px;border:1px solid #aab7b8;border-radius:4px;font-size:14px}
footer{display:flex;gap:12px;justify-content:flex-end;margin-top:16px}
button{padding:8px 16px;border-radius:16px;border:1px solid #0972d3;background:#fff;color:#0972d3}
button{font-weight:600}
button.primary{background:#0972d3;color:#fff}
"""


def render_form(form: dict[str, Any], lang: str) -> str:
    sections = []
    for section in form["Sections"]:
        fields = [
            f'<label for="{escape(item["Name"])}">{escape(item["Label"])}</label>'
            f'<input id="{escape(item["Name"])}" value="{escape(item.get("DefaultValue", ""))}">'
            for row in section["Items"]
            for item in row["Items"]
        ]
        sections.append(f"<section><h2>{escape(section['Heading'])}</h2>{''.join(fields)}</section>")
    cancel = form.get("Cancel", {}).get("Label", "")
    return (
        f'<!doctype html><html lang="{lang[:2]}"><meta charset="utf-8"><style>{_STYLE}</style><main>'
        f"<h1>{escape(form['Heading'])}</h1><p class=sub>{escape(form.get('SubHeading', ''))}</p>"
        f"{''.join(sections)}<footer><button>{escape(cancel)}</button>"
        f"<button class=primary>{escape(form['Next']['Label'])}</button></footer></main></html>"
    )


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for locale in LOCALES:
        page = render_form(load(f"memo_form.{locale}.json"), locale)
        (out / f"memo-form.{locale}.html").write_text(page, encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
