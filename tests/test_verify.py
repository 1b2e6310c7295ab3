"""`rai-checklist verify`: a report proves it follows from the files it carries, and says what differs when not."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest
from conftest import REPO, one_result, run
from pypdf import PdfReader, PdfWriter

from checklist.engine.score import overall, principle_result, rank_actions
from checklist.engine.verdict import verdict
from checklist.loading.result import parse_results
from checklist.models.result import Result

BUILDING = REPO / "examples" / "building-access" / "deployment.yaml"
POLICE = REPO / "examples" / "police-investigative-leads" / "deployment.yaml"


def _rewrite(source: Path, target: Path, change: dict[str, bytes]) -> None:
    """A copy of the PDF with some attachments' bytes replaced (as someone editing it would)."""
    writer = PdfWriter(clone_from=source)
    for attachment in writer.attachment_list:
        if attachment.name in change:
            attachment.content = change[attachment.name]
    with target.open("wb") as out:
        writer.write(out)


def _attachments(path: Path) -> dict[str, bytes]:
    return {name: data[0] for name, data in PdfReader(path).attachments.items()}


def _certificate(folder: Path) -> tuple[Path, Path]:
    """A throwaway self-signed certificate and its key, made for the test."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Alex Auditor"), x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Test Audit LLP")])
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key()).serial_number(4242)
        .not_valid_before(start).not_valid_after(start + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    key_path, cert_path = folder / "key.pem", folder / "cert.pem"
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


# --- JSON results (no PDF rendering) ---------------------------------------------------------------


@pytest.fixture(scope="module")
def saved_result(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("verify-json") / "result.json"
    assert run("assess", POLICE, "-f", "json", "-o", out).exit_code in (0, 1)
    return out


def test_verify_a_consistent_result(saved_result):
    outcome = run("verify", saved_result)
    assert outcome.exit_code == 0, outcome.stdout
    assert "follow from its criteria" in outcome.stdout and "verified" in outcome.stdout


def test_verify_a_tampered_result_lists_the_fields(saved_result, tmp_path):
    data = one_result(saved_result.read_text())
    data["verdict"]["value"] = "ready"
    data["principles"][0]["score"] = 99.0
    path = tmp_path / "tampered.json"
    path.write_text(json.dumps(data))
    outcome = run("verify", path)
    assert outcome.exit_code == 1
    assert "verdict.value" in outcome.stdout and "principles[fairness].score" in outcome.stdout and "NOT VERIFIED" in outcome.stdout


@pytest.mark.parametrize("content", [b"plain text, not a report\n", b"%PDF-1.7\nnot really a pdf", b""])
def test_verify_refuses_what_is_not_a_report(tmp_path, content):
    path = tmp_path / "thing.pdf"
    path.write_bytes(content)
    outcome = run("verify", path)
    assert outcome.exit_code == 2, outcome.stdout + outcome.stderr
    assert "thing.pdf" in outcome.stderr and "Traceback" not in outcome.stderr


def test_evidence_over_the_limit_fails_naming_the_file(tmp_path):
    folder = tmp_path / "big"
    shutil.copytree(BUILDING.parent, folder)
    (folder / "rai-checklist.yaml").write_text("embed_evidence: true\nevidence_limit_mb: 0.001\n")
    out = tmp_path / "r.pdf"
    outcome = run("report", folder / "deployment.yaml", "-o", out, "--config", folder / "rai-checklist.yaml")
    assert outcome.exit_code == 2
    assert "evidence/" in outcome.stderr and "over the limit of 0.001 MiB" in outcome.stderr
    assert not out.exists()


def test_an_unknown_framework_is_bad_input(tmp_path):
    outcome = run("report", BUILDING, "-o", tmp_path / "r.pdf", "--framework", "No Such Act")
    assert outcome.exit_code == 2 and "--framework" in outcome.stderr and "NISTIR 8280" in outcome.stderr


def test_a_bad_signing_key_is_bad_input(tmp_path):
    key, cert = _certificate(tmp_path)
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("not a key")
    cases = [
        (("--sign", garbage, "--cert", cert), "cannot read the signing key"),
        (("--sign", key), "PEM key needs --cert"),
        (("--cert", cert), "only with --sign"),
        (("--sign", tmp_path / "missing.pem", "--cert", cert), "file not found"),
    ]
    for args, message in cases:
        outcome = run("report", BUILDING, "-o", tmp_path / "r.pdf", *args)
        assert outcome.exit_code == 2 and message in outcome.stderr, (args, outcome.stderr)
        assert not (tmp_path / "r.pdf").exists()


# --- Report PDFs ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("verify")
    plain, embedded, saved = folder / "plain.pdf", folder / "embedded.pdf", folder / "result.json"
    assert run("report", POLICE, "-o", plain, "--json", saved, "--fail-on", "never").exit_code == 0
    assert run("report", POLICE, "-o", embedded, "--embed-evidence", "--fail-on", "never").exit_code == 0
    return {"plain": plain, "embedded": embedded, "json": saved, "folder": folder}


@pytest.mark.pdf
def test_a_fresh_report_verifies_without_embedded_evidence(reports):
    outcome = run("verify", reports["plain"])
    assert outcome.exit_code == 0, outcome.stdout
    assert "re-run from the attached files gives the same result" in outcome.stdout
    assert "not checked:" in outcome.stdout and "evidence/validation-study.md" in outcome.stdout
    assert "not signed" in outcome.stdout


@pytest.mark.pdf
def test_a_fresh_report_verifies_with_embedded_evidence(reports):
    attachments = _attachments(reports["embedded"])
    assert attachments["evidence/validation-study.md"] == (POLICE.parent / "evidence" / "validation-study.md").read_bytes()
    outcome = run("verify", reports["embedded"])
    assert outcome.exit_code == 0, outcome.stdout
    assert "embedded evidence file(s) were hashed again" in outcome.stdout and "not checked:" not in outcome.stdout
    plain, embedded = reports["plain"].stat().st_size, reports["embedded"].stat().st_size
    evidence = sum(len(v) for k, v in attachments.items() if k.startswith("evidence/"))
    assert embedded - plain <= evidence + 4096  # embedding adds no more than its bytes (and a little PDF structure)


@pytest.mark.pdf
def test_an_edited_attachment_fails_naming_it(reports, tmp_path):
    edited = tmp_path / "edited.pdf"
    text = POLICE.read_bytes().replace(b"answer: independent-", b"answer: independent-", 1) + b"# edited\n"
    _rewrite(reports["plain"], edited, {"deployment.yaml": text})
    outcome = run("verify", edited)
    assert outcome.exit_code == 1, outcome.stdout
    assert "attachment deployment.yaml: its SHA-256 is not the manifest's" in outcome.stdout


@pytest.mark.pdf
def test_an_edited_evidence_attachment_fails_the_rerun_even_with_the_manifest_updated(reports, tmp_path):
    """Someone who edits an evidence file and fixes the manifest's hash still cannot make the re-run agree."""
    import hashlib

    attachments = _attachments(reports["embedded"])
    name = "evidence/validation-study.md"
    forged = attachments[name] + b"\nAll findings closed.\n"
    manifest = json.loads(attachments["manifest.json"])
    for entry in manifest["attachments"]:
        if entry["name"] == name:
            entry["sha256"] = hashlib.sha256(forged).hexdigest()
    edited = tmp_path / "forged.pdf"
    _rewrite(reports["embedded"], edited, {name: forged, "manifest.json": json.dumps(manifest).encode()})
    outcome = run("verify", edited)
    assert outcome.exit_code == 1, outcome.stdout
    assert "re-run from the attached files gives another result" in outcome.stdout
    assert "inputs[evidence/validation-study.md].sha256" in outcome.stdout


def _recompute(result: Result) -> Result:
    """What someone who knows the tool would do after editing a criterion: score everything again so
    the saved result is consistent (and `render` accepts it)."""
    principles = [
        principle_result({k: getattr(p, k) for k in ("id", "title", "statement", "version", "weight", "min_score", "origin")},
                         p.criteria, result.tier)
        for p in result.principles
    ]
    score, answered, coverage = overall(principles)
    decided = verdict(principles, score, answered, coverage, result.tier, result.min_coverage, result.prohibitions)
    return result.model_copy(update={
        "principles": principles, "overall_score": score, "overall_answered_score": answered, "overall_coverage": coverage,
        "verdict": decided, "actions": rank_actions(principles, result.prohibitions),
    })


@pytest.mark.pdf
def test_an_edited_verdict_is_refused_and_a_consistent_forgery_fails_verify(reports, tmp_path):
    data = one_result(reports["json"].read_text())
    assert data["verdict"]["value"] == "not-ready"
    data["verdict"]["value"], data["verdict"]["reasons"] = "ready", ["all good"]
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(data))
    refused = run("render", tampered, "-o", tmp_path / "tampered.pdf")
    assert refused.exit_code == 2 and "verdict" in refused.stderr and not (tmp_path / "tampered.pdf").exists()

    # A forger who raises every criterion short of the bar to full marks and rescores consistently:
    result = parse_results(reports["json"].read_bytes(), "result.json")[0]
    for p in result.principles:
        for c in p.criteria:
            if c.status in ("partial", "fail"):
                c.status, c.score, c.unevidenced = "pass", 1.0, False
    forged = _recompute(result)
    assert forged.verdict.value == "ready"
    forged_path = tmp_path / "forged.json"
    forged_path.write_text(forged.model_dump_json(indent=2))
    pdf = tmp_path / "forged.pdf"
    made = run("render", forged_path, "-o", pdf)
    assert made.exit_code == 0, made.stderr
    outcome = run("verify", pdf)
    assert outcome.exit_code == 1, outcome.stdout
    assert "verdict.value: the report says ready; the re-run gives not-ready" in outcome.stdout


@pytest.mark.pdf
def test_a_changed_builtin_rubric_file_fails_naming_it(tmp_path, monkeypatch):
    """A report made with a locally changed built-in (a lowered tier bar) names the file that differs."""
    from checklist import resources

    copy = tmp_path / "principles"
    shutil.copytree(REPO / "principles", copy)
    policy = copy / "policy.yaml"
    text = policy.read_text()
    assert "    bar: 70\n" in text
    policy.write_text(text.replace("    bar: 70\n", "    bar: 40\n"))
    real = resources.data_dir
    monkeypatch.setattr(resources, "data_dir", lambda name: copy if name == "principles" else real(name))
    pdf = tmp_path / "changed.pdf"
    assert run("report", BUILDING, "-o", pdf).exit_code == 0
    monkeypatch.setattr(resources, "data_dir", real)
    outcome = run("verify", pdf)
    assert outcome.exit_code == 1, outcome.stdout
    assert "principles/policy.yaml: differs from the file rai-checklist" in outcome.stdout
    assert "re-run from the attached files gives the same result" in outcome.stdout  # consistent, but not the standard rubrics


@pytest.mark.pdf
def test_a_signed_report_verifies_and_says_who_signed(reports, tmp_path):
    key, cert = _certificate(tmp_path)
    pdf = tmp_path / "signed.pdf"
    made = run("report", POLICE, "-o", pdf, "--sign", key, "--cert", cert, "--fail-on", "never")
    assert made.exit_code == 0, made.stderr
    outcome = run("verify", pdf, "--trust", cert)
    assert outcome.exit_code == 0, outcome.stdout
    assert "signed by" in outcome.stdout and "Alex Auditor" in outcome.stdout and "chains to a root" in outcome.stdout
    assert "attachments match the SHA-256 in manifest.json" in outcome.stdout
    untrusted = run("verify", pdf)
    assert untrusted.exit_code == 0 and "not checked against a trust root" in untrusted.stdout

    data = pdf.read_bytes()
    changed = tmp_path / "changed.pdf"
    assert data.count(b"WeasyPrint") >= 1
    changed.write_bytes(data.replace(b"WeasyPrint", b"WeasyPrinT", 1))  # one byte, inside the signed range
    outcome = run("verify", changed)
    assert outcome.exit_code == 1, outcome.stdout
    assert "the signed bytes were changed" in outcome.stdout

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    writer.root["/Lang"] = generic.pdf_string("fr")
    writer.update_root()
    appended = io.BytesIO()
    writer.write(appended)
    later = tmp_path / "later.pdf"
    later.write_bytes(appended.getvalue())
    outcome = run("verify", later)
    assert outcome.exit_code == 1 and "changed after it was signed" in outcome.stdout, outcome.stdout


@pytest.mark.pdf
def test_a_pdf_that_is_not_a_report_exits_2(tmp_path):
    from weasyprint import HTML

    path = tmp_path / "other.pdf"
    path.write_bytes(HTML(string="<p>Quarterly newsletter</p>").write_pdf())
    outcome = run("verify", path)
    assert outcome.exit_code == 2 and "no manifest.json attached" in outcome.stderr


@pytest.mark.pdf
def test_a_report_with_a_config_policy_and_overlays_verifies(tmp_path, monkeypatch):
    """The config's policy change is part of the rubric set: carried, and applied again in the re-run."""
    folder = tmp_path / "org"
    shutil.copytree(REPO / "examples" / "extensions" / "org-overlay", folder)
    config = folder / "rai-checklist.yaml"
    config.write_text(config.read_text() + "policy: {min_coverage: 0.9}\njustification: The board asks for nine answers in ten.\n")
    monkeypatch.chdir(folder)
    pdf = tmp_path / "org.pdf"
    assert run("report", "deployment.yaml", "-o", pdf).exit_code == 0
    attachments = _attachments(pdf)
    assert "rai-checklist.yaml" in attachments and "overlays/model-risk.yaml" in attachments
    assert json.loads(attachments["result.json"])["min_coverage"] == 0.9  # min_coverage changes take effect
    outcome = run("verify", pdf)
    assert outcome.exit_code == 0, outcome.stdout
    assert "re-run from the attached files gives the same result" in outcome.stdout
