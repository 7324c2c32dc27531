"""What every HTML page of nngrade shares: its frame, its content-security policy, escaping and
the CSS templates.

A page opens offline and fetches nothing: the CSS is inlined, images are `data:` URLs, there is
no script, and the policy forbids any load or script anyway. Everything that comes from a
submission, a test or a file name goes through `escape`.
"""

from __future__ import annotations

from importlib import resources

from nngrade.render import safe_text

# No script, no network, no form: only inline styles and data: images and fonts.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
    "base-uri 'none'; form-action 'none'"
)


def escape(value: object) -> str:
    """`value` as HTML text, quotes included (safe in an attribute too), without raw control
    characters (`safe_text.html`)."""
    return safe_text.html(value)


def template(name: str) -> str:
    """A file of `nngrade/templates/` (the CSS of the pages), as text."""
    return resources.files("nngrade").joinpath("templates", name).read_text(encoding="utf-8")


def document(lang: str, title: str, body: str, *, css: str) -> str:
    """A whole self-contained page: `body` (HTML) inside `<main class="page">`, with `css`
    inlined and the content-security policy. No raw control character reaches the page, even
    from markup made elsewhere (nbconvert's notebook)."""
    body = safe_text.html_controls(body)
    return f"""<!DOCTYPE html>
<html lang="{escape(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">
<meta name="generator" content="nngrade">
<title>{escape(title)}</title>
<style>
{css}
</style>
</head>
<body>
<main class="page">
{body}
</main>
</body>
</html>
"""
