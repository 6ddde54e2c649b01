#!/usr/bin/env python3
"""The job summary of the nixsec GitHub Action: Markdown for
$GITHUB_STEP_SUMMARY from a JSON report (docs/json-format.md).

    summary.py [--exit-code N] [--flake FLAKE] [--max-rows 20] REPORT

Prints the gate's result, the findings by severity and by host, the top
findings (highest severity first) and the evaluation errors.

A pull request controls host names, messages, file names and nix's
errors, and GitHub renders the summary as HTML on the run's page: every
such string goes through cell(), which leaves no Markdown or HTML syntax
(table pipes, code spans, tags, links, images, emphasis, math, mentions)
and shows control and bidi characters as \\uXXXX. Only the standard
library: GitHub's runners have python3.
"""

import argparse
import json
import os
import posixpath
import sys
import unicodedata

SEVERITIES = ["critical", "high", "medium", "low", "info"]
MAX_HOSTS = 50
MAX_ERRORS = 10
MAX_CELL = 300  # characters of one cell, before escaping

# ASCII characters that start no Markdown or HTML syntax inside a table
# cell. Every other ASCII punctuation becomes a numeric character
# reference: GitHub shows the character, but the parser never sees it as
# syntax (not even "." and ":", which start www. and http: autolinks).
_PLAIN = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,;-/=+'\"()?%"
)
# Unicode categories shown as \uXXXX: controls, format characters (the
# bidi overrides among them), surrogates, private use, unassigned, line
# and paragraph separators.
_HIDDEN = frozenset(["Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"])


def cell(text, limit=MAX_CELL):
    """text as the content of one Markdown table cell: line breaks as
    <br>, everything else inert."""
    text = str(text).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    if len(text) > limit:
        text = text[: limit - 1] + "\u2026"
    out = []
    for ch in text:
        if ch == "\n":
            out.append("<br>")
        elif ch in _PLAIN:
            out.append(ch)
        elif unicodedata.category(ch) in _HIDDEN:
            # Shown, never sent: a reference to a control character would
            # give the browser the character itself. The "\" as a
            # reference too, as every ASCII punctuation.
            out.append("&#92;u%04X" % ord(ch) if ord(ch) <= 0xFFFF else "&#92;U%08X" % ord(ch))
        elif ord(ch) < 0x80:
            out.append("&#%d;" % ord(ch))
        else:
            out.append(ch)
    return "".join(out)


def row(*cells):
    return "| " + " | ".join(cells) + " |"


def rank(sev):
    return SEVERITIES.index(sev) if sev in SEVERITIES else len(SEVERITIES)


def counts(finding):
    """Whether a finding counts: neither suppressed nor baselined, as the
    report's summary counts them."""
    return not finding.get("suppressed") and not finding.get("baselined")


def path_prefix(flake):
    """The flake's directory relative to the working directory (the
    repository), so that locations read as paths in the repository; "" for
    a flake that is not a local directory inside it."""
    if flake.startswith("path:"):
        flake = flake[len("path:") :]
    if not flake or not os.path.isdir(flake):
        return ""
    rel = os.path.relpath(os.path.abspath(flake))
    if rel == "." or rel == ".." or rel.startswith(".." + os.sep):
        return ""
    return rel


def location(finding, prefix):
    loc = finding.get("location") or {}
    f = loc.get("file") or ""
    if not f:
        return ""
    if prefix:
        # A module imported from outside the flake's directory is
        # "../x.nix" to the flake: a path in the repository once joined.
        f = posixpath.normpath(prefix + "/" + f)
    line = loc.get("startLine") or 0
    return "%s:%d" % (f, line) if line > 0 else f


def render(rep, gate_code, flake, max_rows):
    summ = rep.get("summary") or {}
    by_sev = summ.get("bySeverity") or {}
    findings = [f for f in rep.get("findings") or [] if counts(f)]
    errors = rep.get("errors") or []
    gate = rep.get("gate") or {}
    fail_on = summ.get("failOn") or gate.get("failOn") or "low"
    if gate_code is None:
        gate_code = summ.get("exitCode", 2)
    n = summ.get("findings", len(findings))
    hosts = list(rep.get("hosts") or [])

    out = []
    if gate_code == 0:
        out.append("### nixsec: passed")
    elif gate_code == 1:
        out.append("### nixsec: failed, findings at or above %s" % cell(fail_on))
    else:
        out.append("### nixsec: error, the check is not complete")
    out.append("")
    facts = [
        "**%d finding%s** on %d host%s" % (n, "" if n == 1 else "s", len(hosts), "" if len(hosts) == 1 else "s"),
        "fail-on %s" % cell(fail_on),
    ]
    if gate.get("profile"):
        facts.append("profile %s" % cell(gate["profile"]))
    if gate.get("untrusted"):
        facts.append("untrusted")
    if summ.get("suppressed"):
        facts.append("%d suppressed" % summ["suppressed"])
    if summ.get("baselined"):
        facts.append("%d in the baseline" % summ["baselined"])
    if summ.get("baselineGone"):
        facts.append("%d baseline entries gone" % summ["baselineGone"])
    if errors:
        facts.append("%d evaluation error%s" % (len(errors), "" if len(errors) == 1 else "s"))
    out.append(", ".join(facts) + ". Flake: " + cell(rep.get("flake") or flake or "."))
    out.append("")

    out.append(row("severity", "findings"))
    out.append(row("---", "--:"))
    for sev in SEVERITIES:
        out.append(row(sev, str(by_sev.get(sev, 0))))
    out.append("")

    per_host = {h: [0] * len(SEVERITIES) for h in hosts}
    for f in findings:
        c = per_host.setdefault(f.get("host") or "", [0] * len(SEVERITIES))
        r = rank(f.get("severity"))
        if r < len(SEVERITIES):
            c[r] += 1
    if per_host:
        # Most findings first, then the most severe.
        order = sorted(per_host.items(), key=lambda kv: (-sum(kv[1]), [-x for x in kv[1]], kv[0]))
        out.append(row("host", "findings", *SEVERITIES))
        out.append(row("---", "--:", *(["--:"] * len(SEVERITIES))))
        for h, c in order[:MAX_HOSTS]:
            out.append(row(cell(h), str(sum(c)), *(str(x) for x in c)))
        if len(order) > MAX_HOSTS:
            out.append("")
            out.append("%d more hosts are in the JSON report." % (len(order) - MAX_HOSTS))
        out.append("")

    if findings:
        top = sorted(findings, key=lambda f: rank(f.get("severity")))[:max_rows]
        if len(findings) > len(top):
            out.append("#### Top %d of %d findings, highest severity first" % (len(top), len(findings)))
        else:
            out.append("#### Findings, highest severity first")
        out.append("")
        out.append(row("severity", "rule", "host", "file:line", "message"))
        out.append(row("---", "---", "---", "---", "---"))
        for f in top:
            out.append(
                row(
                    cell(f.get("severity") or ""),
                    cell(f.get("rule") or ""),
                    cell(f.get("host") or ""),
                    cell(location(f, path_prefix(flake))),
                    cell(f.get("message") or ""),
                )
            )
        out.append("")

    if errors:
        out.append("#### Evaluation errors")
        out.append("")
        out.append(row("host", "option", "message"))
        out.append(row("---", "---", "---"))
        for e in errors[:MAX_ERRORS]:
            out.append(row(cell(e.get("host") or ""), cell(e.get("option") or ""), cell(e.get("message") or "", 500)))
        if len(errors) > MAX_ERRORS:
            out.append("")
            out.append("%d more errors are in the JSON report." % (len(errors) - MAX_ERRORS))
        out.append("")
    return "\n".join(out) + "\n"


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--exit-code", type=int, help="the gate's exit code (default: the report's)")
    p.add_argument("--flake", default="", help="the flake as given, to show locations relative to the repository")
    p.add_argument("--max-rows", type=int, default=20, help="rows of the findings table")
    p.add_argument("report")
    a = p.parse_args(argv)
    with open(a.report, encoding="utf-8") as f:
        rep = json.load(f)
    text = render(rep, a.exit_code, a.flake, a.max_rows)
    sys.stdout.reconfigure(encoding="utf-8")
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
