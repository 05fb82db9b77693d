"""An Ethereum key's signatures, as ethers makes them: EIP-191 personal_sign (the login, signed
HTTP requests, gate requests) and the recovery of a signer's address (a provider's delivery
statement). secp256k1 from python3-ecdsa, keccak-256 from python3-pycryptodome; RFC 6979
deterministic nonces and low s, so a key signs a text to the very bytes ethers gives
(test/conformance/*.json checks both clients against the same vectors)."""

from __future__ import annotations

import hashlib
import secrets

from Cryptodome.Hash import keccak
from ecdsa import SECP256k1, SigningKey
from ecdsa.ellipticcurve import INFINITY, Point, PointJacobi
from ecdsa.util import sigencode_strings_canonize

_CURVE = SECP256k1.curve
_G = SECP256k1.generator
_N = SECP256k1.order
_P = _CURVE.p()


class SignatureError(ValueError):
    """A signature or key that is not one (wrong length, not on the curve, no signer recovers)."""


def keccak256(data: bytes) -> bytes:
    return keccak.new(digest_bits=256, data=data).digest()


def checksum_address(address: str) -> str:
    """EIP-55: the address with the case of each hex letter set by the keccak of its lower-case text."""
    hex_part = address.lower().removeprefix("0x")
    if len(hex_part) != 40 or any(c not in "0123456789abcdef" for c in hex_part):
        raise SignatureError(f"not an address: {address!r}")
    digest = keccak256(hex_part.encode("ascii")).hex()
    return "0x" + "".join(c.upper() if int(digest[i], 16) >= 8 else c for i, c in enumerate(hex_part))


def _address_of_point(x: int, y: int) -> str:
    return checksum_address("0x" + keccak256(x.to_bytes(32, "big") + y.to_bytes(32, "big"))[-20:].hex())


def personal_digest(message: str) -> bytes:
    """EIP-191 version 0x45: keccak256("\\x19Ethereum Signed Message:\\n" + length + message)."""
    data = message.encode("utf-8")
    return keccak256(b"\x19Ethereum Signed Message:\n" + str(len(data)).encode("ascii") + data)


def _recover_point(digest: bytes, r: int, s: int, recovery: int) -> PointJacobi:
    if not (0 < r < _N and 0 < s < _N) or recovery not in (0, 1):
        raise SignatureError("r, s or v out of range")
    alpha = (pow(r, 3, _P) + 7) % _P
    y = pow(alpha, (_P + 1) // 4, _P)  # p = 3 mod 4: the square root
    if y * y % _P != alpha:
        raise SignatureError("r is not the x of a curve point")
    if y % 2 != recovery:
        y = _P - y
    big_r = PointJacobi.from_affine(Point(_CURVE, r, y))
    e = int.from_bytes(digest, "big")
    r_inv = pow(r, -1, _N)
    q = big_r * (s * r_inv % _N) + _G * ((-e * r_inv) % _N)
    if q == INFINITY:
        raise SignatureError("no signer recovers from this signature")
    return q


def recover_address(message: str, signature: str | bytes) -> str:
    """The checksummed address whose key signed `message` (EIP-191) with this 65-byte r‖s‖v signature."""
    raw = bytes.fromhex(signature.removeprefix("0x")) if isinstance(signature, str) else signature
    if len(raw) != 65:
        raise SignatureError(f"a signature is 65 bytes, not {len(raw)}")
    v = raw[64] - 27 if raw[64] >= 27 else raw[64]
    q = _recover_point(personal_digest(message), int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:64], "big"), v)
    return _address_of_point(q.x(), q.y())


class Wallet:
    """A secp256k1 key that signs EIP-191 messages for its address (ethers' Wallet, in Python)."""

    def __init__(self, private_key: str | bytes) -> None:
        raw = bytes.fromhex(private_key.removeprefix("0x")) if isinstance(private_key, str) else private_key
        if len(raw) != 32:
            raise SignatureError("a private key is 32 bytes (64 hex digits)")
        self._key = SigningKey.from_string(raw, curve=SECP256k1)
        point = self._key.get_verifying_key().pubkey.point
        self.address: str = _address_of_point(point.x(), point.y())

    @classmethod
    def create(cls) -> Wallet:
        """A fresh random key."""
        while True:
            raw = secrets.token_bytes(32)
            if 0 < int.from_bytes(raw, "big") < _N:
                return cls(raw)

    @property
    def private_key(self) -> str:
        return "0x" + bytes(self._key.to_string()).hex()

    def sign_digest(self, digest: bytes) -> bytes:
        """65 bytes r‖s‖v (v 27 or 28) over a 32-byte digest; deterministic (RFC 6979), low s."""
        rs = self._key.sign_digest_deterministic(digest, hashfunc=hashlib.sha256, sigencode=sigencode_strings_canonize)
        r, s = int.from_bytes(rs[0], "big"), int.from_bytes(rs[1], "big")
        for recovery in (0, 1):
            try:
                q = _recover_point(digest, r, s, recovery)
            except SignatureError:
                continue
            if _address_of_point(q.x(), q.y()) == self.address:
                return bytes(rs[0]) + bytes(rs[1]) + bytes([27 + recovery])
        raise SignatureError("no recovery id gives this key (cannot happen for a valid key)")

    def sign_message(self, message: str) -> str:
        """EIP-191 personal_sign: 0x-prefixed hex of r‖s‖v, as ethers' `wallet.signMessage`."""
        return "0x" + self.sign_digest(personal_digest(message)).hex()
