"""Known vulnerabilities in the installed dependencies; exits 1 when one has a fix.

pip-audit asks the registry about each installed version. Where the registry serves only
project documents (some mirrors answer the per-version document with 404), pip-audit skips
the package; for those this script reads the project document instead. Its
`vulnerabilities` describe the newest release, so they decide for an installed version
that is the newest one; an older installed version is reported as not audited rather
than passed in silence.

Usage: python .ci/audit.py  (with the virtual environment's python)
"""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from importlib import metadata

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

PROJECT_URL = "https://pypi.org/pypi/{name}/json"
TIMEOUT_S = 20


def pip_audit() -> dict | None:
    out = subprocess.run(
        [sys.executable, "-m", "pip_audit", "-s", "pypi", "-f", "json",
         "--progress-spinner", "off", "--skip-editable"],
        capture_output=True, text=True, check=False,
    )
    try:
        return json.loads(out.stdout)
    except ValueError:
        # No registry, no audit: say so loudly, but only a known vulnerability fails CI.
        print(f"dependency audit NOT performed: {out.stderr.strip()[-300:]}")
        return None


def project_document(name: str) -> dict | None:
    try:
        with urllib.request.urlopen(PROJECT_URL.format(name=name), timeout=TIMEOUT_S) as r:
            return json.load(r)
    except (OSError, ValueError):
        return None


def fixed(vuln: dict) -> list[str]:
    return list(vuln.get("fix_versions") or vuln.get("fixed_in") or [])


def main() -> int:
    report = pip_audit()
    if report is None:
        return 0
    vulnerable: list[str] = []
    unaudited: list[str] = []
    audited = 0
    for dep in report["dependencies"]:
        name = dep["name"]
        if "skip_reason" not in dep:
            audited += 1
            vulnerable += [f"{name} {dep['version']}: {v['id']} (fix: {', '.join(fixed(v))})"
                           for v in dep.get("vulns", []) if fixed(v)]
            continue
        try:
            installed = Version(metadata.version(name))
        except (metadata.PackageNotFoundError, InvalidVersion):
            unaudited.append(name)
            continue
        doc = project_document(canonicalize_name(name))
        if doc is None:
            unaudited.append(f"{name} {installed}")
            continue
        try:
            newest = Version(doc["info"]["version"])
        except (KeyError, InvalidVersion):
            unaudited.append(f"{name} {installed}")
            continue
        if installed != newest:
            unaudited.append(f"{name} {installed} (newest {newest})")
            continue
        audited += 1
        vulnerable += [f"{name} {installed}: {v.get('id')} (fix: {', '.join(fixed(v))})"
                       for v in doc.get("vulnerabilities") or [] if fixed(v)]
    print(f"dependency audit: {audited} packages audited, {len(unaudited)} not auditable "
          f"here, {len(vulnerable)} known vulnerabilities with a fix")
    for line in unaudited:
        print(f"  not audited: {line}")
    for line in vulnerable:
        print(f"  VULNERABLE: {line}")
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())
