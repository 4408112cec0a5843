"""Seeds arrive in every encoding people actually send; each is detected and decoded."""
from __future__ import annotations

import os

import pytest

from duizhao.errors import SeedError
from duizhao.load import detect_encoding, load_seed


def encodable_lines(text: str, encoding: str) -> str:
    """The lines of `text` that `encoding` can represent (Big5 has no Simplified forms)."""
    keep = []
    for line in text.splitlines():
        try:
            line.encode(encoding)
            keep.append(line)
        except UnicodeEncodeError:
            pass
    return "\n".join(keep)


@pytest.mark.parametrize("encoding, expected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"),
    ("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be"), ("gb18030", "gb18030"), ("gbk", "gb18030"),
])
@pytest.mark.parametrize("seed", ["000_c9128b2aeb207e97.txt", "004_638d1cb38e3c186a.txt"])
def test_detects_unicode_and_gb(root, seed, encoding, expected):
    text = (root / "seeds" / seed).read_text("utf-8")
    data = encodable_lines(text, encoding).encode(encoding)
    assert detect_encoding(data) == expected
    assert data.decode(expected) == encodable_lines(text, encoding)


@pytest.mark.parametrize("seed", ["001_d2088688d25f1d74.txt", "003_d6ff487c2de3814d.txt",
                                  "004_638d1cb38e3c186a.txt"])
def test_detects_big5_traditional(root, seed):
    text = encodable_lines((root / "seeds" / seed).read_text("utf-8"), "big5")
    assert len(text) > 500, "enough Big5-encodable text to be a fair test"
    assert detect_encoding(text.encode("big5")) == "big5"


def test_load_seed_records_encoding_and_hash(tmp_path, root):
    text = (root / "seeds" / "004_638d1cb38e3c186a.txt").read_text("utf-8")
    path = tmp_path / "x.txt"
    path.write_bytes(encodable_lines(text, "big5").encode("big5"))
    seed = load_seed(path)
    assert seed.encoding == "big5" and "中美AI差距" in seed.text and len(seed.sha256) == 64


@pytest.mark.parametrize("data", [os.urandom(4096), bytes(range(256)) * 8, b"\xff\xfe\xfd" * 500])
def test_undecodable_bytes_stop_with_a_clear_error(tmp_path, data):
    path = tmp_path / "binary.txt"
    path.write_bytes(data)
    with pytest.raises(SeedError) as e:
        load_seed(path)
    assert "binary.txt" in str(e.value) and "decode" in str(e.value)


@pytest.mark.parametrize("data", [b"", b"   \n\n", "\ufeff".encode("utf-8")])
def test_empty_seed_is_an_error(tmp_path, data):
    path = tmp_path / "empty.txt"
    path.write_bytes(data)
    with pytest.raises(SeedError, match="empty"):
        load_seed(path)
