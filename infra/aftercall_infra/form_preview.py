"""A local picture of the memo form: its view template (infra/connect/) as plain HTML.

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
footer,main>button{margin-top:16px}
button.primary{background:#0972d3;color:#fff}
"""


def render_form(view: dict[str, Any], lang: str) -> str:
    """The view's template as HTML: its headers, sections, inputs and buttons, in order."""
    title = escape(view["Template"]["Head"]["Title"])
    body = "".join(_render(node) for node in view["Template"]["Body"])
    return (
        f'<!doctype html><html lang="{lang[:2]}"><meta charset="utf-8"><title>{title}</title>'
        f"<style>{_STYLE}</style><main>{body}</main></html>"
    )


def _render(node: Any) -> str:
    if isinstance(node, str):
        return escape(node)
    kind, props = node["Type"], node.get("Props", {})
    inner = "".join(_render(child) for child in node.get("Content", []))
    if kind == "Header":
        tag = "h1" if props.get("variant") == "h1" else "h2"
        description = props.get("description")
        return f"<{tag}>{inner}</{tag}>" + (f"<p class=sub>{escape(description)}</p>" if description else "")
    if kind == "FormInput":
        name, value = escape(props["Name"]), props.get("DefaultValue", "")
        shown = "" if value.startswith("$.") else value  # "$.name": filled from the flow's data
        return (
            f'<label for="{name}">{escape(props["Label"])}</label><input id="{name}" value="{escape(shown)}">'
        )
    if kind == "Container":
        return f"<section>{inner}</section>"
    if kind in ("Button", "SubmitButton"):
        css = " class=primary" if kind == "SubmitButton" else ""
        return f"<button{css}>{inner}</button>"
    return inner  # Form and any other wrapper: its content


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for locale in LOCALES:
        page = render_form(load(f"memo_form.view.{locale}.json"), locale)
        (out / f"memo-form.{locale}.html").write_text(page, encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
