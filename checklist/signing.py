"""PDF signatures (PAdES, with pyHanko) and reading a report PDF's attachments back.

pyHanko is an established library for signing and validating PDF signatures; it is imported only by
`report --sign` and `verify`, never by `assess`. Validation never reaches the network: revocation is
not fetched, and a certificate is trusted only when it chains to a root given with `verify --trust`.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checklist.errors import InputError

PASSPHRASE_VARIABLE = "RAI_CHECKLIST_KEY_PASSPHRASE"
FIELD_NAME = "rai-checklist-signature"
MAX_NAME_TREE_DEPTH = 16  # a name tree deeper than this is not one WeasyPrint wrote


@dataclass
class Signer:
    """A loaded key and certificate, ready to sign report bytes."""

    signer: Any  # pyhanko SimpleSigner
    subject: str

    def sign(self, pdf: bytes) -> bytes:
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import signers
        from pyhanko.sign.fields import SigSeedSubFilter

        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        meta = signers.PdfSignatureMetadata(
            field_name=FIELD_NAME, subfilter=SigSeedSubFilter.PADES, md_algorithm="sha256",
            reason="Responsible-AI audit report: signed by its assessor",
        )
        out = signers.PdfSigner(meta, signer=self.signer).sign_pdf(writer)
        return bytes(out.getvalue())


def load_signer(key: Path, cert: Path | None) -> Signer:
    """A PEM or DER private key with its certificate (`cert`), or a PKCS#12 file holding both.
    A passphrase, if the key needs one, comes from the environment, never the command line."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12
    from pyhanko.sign.signers import SimpleSigner
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    passphrase = os.environ.get(PASSPHRASE_VARIABLE)
    secret = passphrase.encode() if passphrase else None
    data = _read(key, "--sign")
    extra: list[Any] = []
    try:
        if cert is None:
            private, certificate, extra = pkcs12.load_key_and_certificates(data, secret)
            if private is None or certificate is None:
                raise ValueError("the PKCS#12 file holds no key and certificate")
        else:
            loader = serialization.load_pem_private_key if b"-----BEGIN" in data else serialization.load_der_private_key
            private = loader(data, secret)
            cert_data = _read(cert, "--cert")
            certificate = (
                x509.load_pem_x509_certificate(cert_data) if b"-----BEGIN" in cert_data else x509.load_der_x509_certificate(cert_data)
            )
    except (ValueError, TypeError) as exc:
        hint = "" if cert is not None else " (a PEM key needs --cert CERT)"
        raise InputError(str(key), f"cannot read the signing key: {exc}{hint}") from None
    der = serialization.Encoding.DER
    spki = serialization.PublicFormat.SubjectPublicKeyInfo
    if private.public_key().public_bytes(der, spki) != certificate.public_key().public_bytes(der, spki):
        raise InputError(str(cert or key), "the certificate is not the signing key's: they do not match")
    key_der = private.private_bytes(der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    cert_asn1 = asn1_x509.Certificate.load(certificate.public_bytes(der))
    others = [asn1_x509.Certificate.load(c.public_bytes(der)) for c in extra or []]
    signer = SimpleSigner(
        signing_cert=cert_asn1, signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
        cert_registry=SimpleCertificateStore.from_certs([cert_asn1, *others]),
    )
    return Signer(signer, cert_asn1.subject.human_friendly)


def _read(path: Path, option: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(str(path), f"{option}: file not found") from None
    except OSError as exc:
        raise InputError(str(path), f"{option}: cannot read: {exc.strerror}") from None


@dataclass(frozen=True)
class SignatureCheck:
    """What `verify` says about one signature."""

    field: str
    signer: str
    intact: bool  # the signed bytes are unchanged and the signature is cryptographically valid
    whole_file: bool  # nothing was added to the file after it was signed
    trusted: bool  # the certificate chains to a root given with --trust
    signed_at: str

    @property
    def ok(self) -> bool:
        return self.intact and self.whole_file


class PdfReport:
    """A PDF read with pyHanko: its attachments by name, and its signatures."""

    def __init__(self, data: bytes) -> None:
        from pyhanko.pdf_utils.reader import PdfFileReader

        self.data = data
        self.reader = PdfFileReader(io.BytesIO(data), strict=False)

    def attachments(self) -> dict[str, bytes]:
        """Name -> bytes of every embedded file (the names tree WeasyPrint writes: /Names, maybe /Kids)."""
        out: dict[str, bytes] = {}
        names = _get(self.reader.root, "/Names")
        tree = _get(names, "/EmbeddedFiles") if names is not None else None
        if tree is not None:
            self._walk(tree, out, 0)
        return out

    def _walk(self, node: Any, out: dict[str, bytes], depth: int) -> None:
        if depth > MAX_NAME_TREE_DEPTH:
            return
        pairs = _get(node, "/Names")
        if pairs is not None:
            for index in range(0, len(pairs) - 1, 2):
                spec = _deref(pairs[index + 1])
                name = str(_get(spec, "/UF") or _get(spec, "/F") or _deref(pairs[index]))
                stream = _get(_get(spec, "/EF"), "/F")
                out.setdefault(name, bytes(stream.data))
        for kid in _get(node, "/Kids") or []:
            self._walk(_deref(kid), out, depth + 1)

    def signatures(self, trust: list[Path]) -> list[SignatureCheck]:
        from pyhanko.keys import load_cert_from_pemder
        from pyhanko.sign.validation import validate_pdf_signature
        from pyhanko.sign.validation.status import SignatureCoverageLevel
        from pyhanko_certvalidator import ValidationContext

        roots = [load_cert_from_pemder(str(path)) for path in trust]
        out = []
        for sig in self.reader.embedded_signatures:
            context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
            status = validate_pdf_signature(sig, context)
            signed_at = sig.self_reported_timestamp
            out.append(SignatureCheck(
                field=sig.field_name, signer=status.signing_cert.subject.human_friendly,
                intact=bool(status.intact and status.valid),
                whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
                trusted=bool(status.trusted), signed_at=signed_at.isoformat() if signed_at else "not stated",
            ))
        return out


def _deref(value: Any) -> Any:
    return value.get_object() if hasattr(value, "get_object") else value


def _get(node: Any, key: str) -> Any:
    """A dictionary entry, followed if it is a reference (None when absent)."""
    return _deref(node.get(key)) if node is not None else None
