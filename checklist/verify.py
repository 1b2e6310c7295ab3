"""Verify a report PDF (or a saved result) from what it carries.

For a PDF: check any signature; check every attachment against `manifest.json`; check that the
attached result is the one the manifest names and that its figures follow from its criteria; check
the built-in rubric files it carries against those this installation ships (same version); then
re-run the assessment from the attached files alone (the rubric set in the recorded order, the
deployment, the evidence when embedded, else the evidence hashes recorded) and compare the
canonical result hash. For a JSON result: its internal consistency.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from checklist.errors import InputError

MANIFEST, RESULT = "manifest.json", "result.json"
RUBRIC_ROLES = ("profile", "policy", "rubric", "overlay", "config")
SHOWN_DIFFERENCES = 25  # a re-run that differs lists at most this many fields


@dataclass
class Verification:
    """What was checked (`passed`), what disagrees (`failed`), and what could not be checked (`notes`)."""

    name: str
    passed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


def verify_path(path: Path, trust: list[Path]) -> Verification:
    """A report PDF or a JSON result, told apart by content. Not one of them is an InputError (exit 2)."""
    from checklist.inputs import MAX_REPORT_BYTES, read_limited

    data = read_limited(path, MAX_REPORT_BYTES)
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF-"):
        return verify_pdf(data, str(path), trust)
    if head[:1] in (b"{", b"["):
        return verify_result(data, str(path))
    raise InputError(str(path), "not a rai-checklist report: neither a PDF nor a JSON result")


def verify_result(data: bytes, name: str) -> Verification:
    from checklist.engine.recheck import inconsistencies
    from checklist.loading.result import parse_results

    results = parse_results(data, name)
    out = Verification(name)
    for index, result in enumerate(results):
        where = f"[{index}] " if len(results) > 1 else ""
        problems = inconsistencies(result)
        if problems:
            out.failed += [f"{where}{p}" for p in problems]
        else:
            out.passed.append(
                f"{where}{result.deployment.name}: scores, flags, verdict ({result.verdict.value}) and actions follow from its criteria"
            )
    out.notes.append("a saved result carries no rubrics: only its internal consistency was checked (verify a report PDF to re-run)")
    return out


def verify_pdf(data: bytes, name: str, trust: list[Path]) -> Verification:
    from checklist.signing import PdfReport

    try:
        pdf = PdfReport(data)
        attachments = pdf.attachments()
    except Exception as exc:  # pyHanko raises several kinds for a file it cannot parse
        raise InputError(name, f"not a readable PDF: {type(exc).__name__}: {exc}") from None
    if MANIFEST not in attachments:
        raise InputError(name, "not a rai-checklist report: it has no manifest.json attached")
    try:
        manifest = json.loads(attachments[MANIFEST])
    except ValueError:
        raise InputError(name, "not a rai-checklist report: its manifest.json is not JSON") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("result_sha256"), str) or "inputs" not in manifest:
        raise InputError(name, "not a rai-checklist report: its manifest.json is not a rai-checklist manifest")
    out = Verification(name)
    _signatures(pdf, trust, out)
    listed = _attachments(attachments, manifest, out)
    result = _result(attachments, manifest, out)
    if result is None:
        return out
    _builtins(result, attachments, listed, out)
    _rerun(result, attachments, listed, manifest, out)
    return out


def _signatures(pdf: Any, trust: list[Path], out: Verification) -> None:
    try:
        checks = pdf.signatures(trust)
    except Exception as exc:  # a broken signature dictionary, a certificate that does not parse
        out.failed.append(f"signature: cannot be validated ({type(exc).__name__}: {exc})")
        return
    if not checks:
        out.notes.append("not signed: nothing binds the printed pages to the attachments (sign with `report --sign KEY`)")
    for check in checks:
        trusted = "its certificate chains to a root given with --trust" if check.trusted else (
            "its certificate was not checked against a trust root (give one with --trust CERT)"
        )
        if not check.intact:
            out.failed.append(f"signature {check.field}: the signed bytes were changed or the signature is invalid (by {check.signer})")
        elif not check.whole_file:
            out.failed.append(f"signature {check.field}: the file was changed after it was signed by {check.signer}")
        else:
            out.passed.append(f"signed by {check.signer} at {check.signed_at}; every byte is as signed; {trusted}")


def _attachments(attachments: dict[str, bytes], manifest: dict[str, Any], out: Verification) -> dict[tuple[str, str], str]:
    """Each attachment the manifest lists has its bytes; returns (role, input name) -> attachment name."""
    entries = manifest.get("attachments")
    if not isinstance(entries, list):
        out.failed.append("manifest.json lists no attachments: the report was made before reports carried their inputs")
        return {}
    listed: dict[tuple[str, str], str] = {}
    good = 0
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            out.failed.append(f"manifest.json: an attachment entry is malformed: {entry!r}"[:200])
            continue
        attachment = entry["name"]
        data = attachments.get(attachment)
        if data is None:
            out.failed.append(f"attachment {attachment}: listed in the manifest but not in the PDF")
            continue
        if hashlib.sha256(data).hexdigest() != entry.get("sha256"):
            out.failed.append(f"attachment {attachment}: its SHA-256 is not the manifest's (it was changed after the report was made)")
            continue
        good += 1
        listed[(str(entry.get("role", "")), str(entry.get("input", "")))] = attachment
    for extra in sorted(set(attachments) - {e.get("name") for e in entries if isinstance(e, dict)} - {MANIFEST}):
        out.failed.append(f"attachment {extra}: in the PDF but not in the manifest")
    if good == len(entries):
        out.passed.append(f"all {good} attachments match the SHA-256 in manifest.json")
    return listed


def _result(attachments: dict[str, bytes], manifest: dict[str, Any], out: Verification) -> Any:
    from checklist.engine.recheck import inconsistencies
    from checklist.loading.result import parse_results
    from checklist.render.report.view import result_sha256

    data = attachments.get(RESULT)
    if data is None:
        out.failed.append("result.json is not attached: nothing to compare a re-run with")
        return None
    try:
        result = parse_results(data, RESULT)[0]
    except InputError as exc:
        out.failed.append(f"result.json is not a valid result: {exc}")
        return None
    if result_sha256(result) != manifest["result_sha256"]:
        out.failed.append("result.json is not the result the manifest names (its canonical SHA-256 differs)")
    problems = inconsistencies(result)
    out.failed += [f"result.json: {p}" for p in problems]
    if manifest.get("inputs") != [i.model_dump() for i in result.inputs]:
        out.failed.append("manifest.json lists other inputs than result.json")
    if not problems:
        out.passed.append(f"result.json: scores, flags and verdict ({result.verdict.value}) follow from its criteria")
    return result


def _builtins(result: Any, attachments: dict[str, bytes], listed: dict[tuple[str, str], str], out: Verification) -> None:
    """Built-in rubric files carried as `principles/...` are those this installation ships (same version)."""
    from checklist import __version__
    from checklist.loading.rubrics import rubric_listing
    from checklist.resources import builtin_rubric_folders

    carried = [i for i in result.inputs if i.role in RUBRIC_ROLES and i.name.startswith("principles/")]
    if not carried:
        out.notes.append("the report used no built-in rubric file")
        return
    if result.tool.version != __version__:
        out.notes.append(
            f"made with rai-checklist {result.tool.version}, verified with {__version__}: built-in rubric files not compared"
        )
        return
    shipped = {f.name: hashlib.sha256(f.path.read_bytes()).hexdigest() for f in rubric_listing(builtin_rubric_folders())}
    bad = 0
    for item in carried:
        if item.name not in shipped:
            out.notes.append(f"{item.name}: not a file rai-checklist {__version__} ships (an organisation's own file named like one?)")
        elif shipped[item.name] != item.sha256:
            out.failed.append(f"{item.name}: differs from the file rai-checklist {__version__} ships (changed before the report was made)")
            bad += 1
    names = {i.name for i in carried}
    for missing in sorted(set(shipped) - names):
        out.failed.append(f"{missing}: a built-in rubric file of rai-checklist {__version__} that the report did not load")
        bad += 1
    if not bad:
        count = sum(1 for i in carried if i.name in shipped)
        out.passed.append(f"the {count} built-in rubric files are those rai-checklist {__version__} ships")


def _rerun(
    result: Any, attachments: dict[str, bytes], listed: dict[tuple[str, str], str], manifest: dict[str, Any], out: Verification
) -> None:
    from checklist import __version__
    from checklist.render.report.view import result_sha256

    deployment = next((i for i in result.inputs if i.role == "deployment"), None)
    missing = [i.name for i in result.inputs if i.role in RUBRIC_ROLES and (i.role, i.name) not in listed]
    if deployment is None or ("deployment", deployment.name) not in listed:
        missing.insert(0, deployment.name if deployment else "the deployment file")
    if missing or deployment is None:
        out.failed.append(f"cannot re-run the assessment: not attached: {', '.join(missing)}")
        return
    with tempfile.TemporaryDirectory(prefix="rai-checklist-verify-") as tmp:
        try:
            again, unhashed, embedded = _assess_again(Path(tmp), result, deployment, attachments, listed)
        except InputError as exc:
            out.failed.append(f"the re-run from the attached files stops: {exc}")
            return
    # Where the file sat when the report was made is not something a re-run can know, nor part of
    # what was assessed: take the report's own.
    again = again.model_copy(update={"source_path": result.source_path})
    if again.tool.version != result.tool.version:
        out.notes.append(f"made with rai-checklist {result.tool.version}, re-run with {__version__}")
        again = again.model_copy(update={"tool": result.tool})
    if unhashed:
        out.notes.append(
            f"not checked: {len(unhashed)} evidence file(s) not embedded, taken on their recorded SHA-256: "
            + ", ".join(unhashed) + " (make the report with --embed-evidence to carry them)"
        )
    if embedded:
        out.passed.append(f"the {embedded} embedded evidence file(s) were hashed again in the re-run")
    if result_sha256(again) == manifest["result_sha256"]:
        out.passed.append(f"re-run from the attached files gives the same result (SHA-256 {manifest['result_sha256'][:16]}…)")
        return
    found = differences(result.model_dump(mode="json"), again.model_dump(mode="json"))
    shown = found[:SHOWN_DIFFERENCES]
    more = f" (and {len(found) - len(shown)} more)" if len(found) > len(shown) else ""
    out.failed.append("re-run from the attached files gives another result" + more + ":\n" + "\n".join(f"    {d}" for d in shown))


def _assess_again(
    folder: Path, result: Any, deployment: Any, attachments: dict[str, bytes], listed: dict[tuple[str, str], str]
) -> tuple[Any, list[str], int]:
    """Load the attached rubric set in the recorded order, write the deployment and any embedded
    evidence beside each other, and assess: (result, evidence taken on its recorded hash, evidence embedded)."""
    from checklist.engine.assess import assess
    from checklist.loading.config import LoadedConfig
    from checklist.loading.deployment import load_deployment
    from checklist.loading.rubrics import Listed, load_rubric_files
    from checklist.loading.validate import validate
    from checklist.loading.yamlfile import parse_yaml
    from checklist.models.overlay import Config

    (folder / "rubrics").mkdir()
    listing: list[Listed] = []
    config = None
    for index, item in enumerate(result.inputs):
        if item.role not in RUBRIC_ROLES:
            continue
        data = attachments[listed[(item.role, item.name)]]
        if item.role == "config":
            doc = parse_yaml(data, item.name)
            config = LoadedConfig(validate(doc, Config), doc, folder / "rubrics")
            continue
        path = folder / "rubrics" / f"{index:04d}.yaml"
        path.write_bytes(data)
        listing.append(Listed(path, item.name, item.name))
    rubric_set = load_rubric_files(listing, config)
    base = folder / "deployment"
    base.mkdir()
    target = base / (PurePosixPath(deployment.name).name or "deployment.yaml")
    target.write_bytes(attachments[listed[("deployment", deployment.name)]])
    recorded: dict[str, str] = {}
    embedded = 0
    for item in result.inputs:
        if item.role != "evidence":
            continue
        attachment = listed.get(("evidence", item.name))
        relative = PurePosixPath(item.name)
        if attachment is None or relative.is_absolute() or ".." in relative.parts:
            recorded[item.name] = item.sha256  # not carried (or a name no file may have): its recorded hash
            continue
        place = base / relative
        place.parent.mkdir(parents=True, exist_ok=True)
        place.write_bytes(attachments[attachment])
        embedded += 1
    loaded = load_deployment(target, rubric_set, deployment.name, recorded)
    return assess(loaded, rubric_set), loaded.unhashed, embedded


def differences(report: Any, rerun: Any, path: str = "") -> list[str]:
    """Field-by-field differences between two dumped results, list items keyed by their id."""
    if isinstance(report, dict) and isinstance(rerun, dict):
        out: list[str] = []
        for key in list(report) + [k for k in rerun if k not in report]:
            out += differences(report.get(key), rerun.get(key), f"{path}.{key}" if path else str(key))
        return out
    if isinstance(report, list) and isinstance(rerun, list):
        keys_a, keys_b = _keys(report), _keys(rerun)
        if keys_a is not None and keys_b is not None:
            a, b = dict(zip(keys_a, report, strict=True)), dict(zip(keys_b, rerun, strict=True))
            out = []
            for key in keys_a + [k for k in keys_b if k not in a]:
                out += differences(a.get(key), b.get(key), f"{path}[{key}]")
            return out
        if len(report) == len(rerun):
            return [d for i, (x, y) in enumerate(zip(report, rerun, strict=True)) for d in differences(x, y, f"{path}[{i}]")]
    if report == rerun:
        return []
    return [f"{path}: the report says {_brief(report)}; the re-run gives {_brief(rerun)}"]


def _keys(items: list[Any]) -> list[str] | None:
    for key in ("id", "criterion", "name"):
        if items and all(isinstance(i, dict) and isinstance(i.get(key), str) for i in items):
            values = [i[key] for i in items]
            if len(set(values)) == len(values):
                return values
    return None


def _brief(value: Any) -> str:
    text = "(nothing)" if value is None else json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    text = " ".join(text.split())
    return text if len(text) <= 100 else text[:97] + "..."
