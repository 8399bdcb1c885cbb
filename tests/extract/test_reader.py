"""Bad input: empty, binary, non-UTF-8, huge and HTML articles."""

from __future__ import annotations

import os

import pytest

from geomap.errors import InputError
from geomap.extract import MAX_ARTICLE_BYTES, extract_text
from geomap.extract.reader import decode_article, iter_article_paths, read_article_detailed


def test_empty_and_blank_files_are_refused(tmp_path):
    for name, data in (("empty.txt", b""), ("blank.txt", b"  \n\t\n")):
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(InputError, match="empty file") as err:
            read_article_detailed(path)
        assert name in str(err.value)


def test_binary_is_refused():
    with pytest.raises(InputError, match="binary"):
        decode_article(b"%PDF-1.4\x00\x01\x02garbage", "report.pdf")


def test_a_nul_byte_past_the_first_8_kb_is_refused_naming_its_line():
    """Before: only the first 8 KB were looked at; a NUL later on was read into an event's
    notes, which GeoJSON and GeoPackage layer files cut there ('killing 5 civilians' of
    the sentence was lost without a word)."""
    pad = "The markets were open as usual that week.\n" * 300
    data = (pad + "Gunmen attacked Gao\x00 in Mali, killing 5 civilians.\n").encode()
    with pytest.raises(InputError, match="NUL byte") as err:
        decode_article(data, "wire.txt")
    assert err.value.line == 301 and "wire.txt:301" in str(err.value)


def test_a_nul_byte_in_a_text_is_refused_naming_its_line_wherever_it_is():
    """Before: a NUL in the first 8 KB of a text made it "binary data", naming no line (one
    past them named its line): the same stray byte, told two ways. Binary data is known by
    its share of control bytes or its signature (a PDF, a Word or zip file), never by one
    NUL."""
    data = b"Mali.\nFighting near Gao.\nMore.\nGunmen attacked Gao\x00 in Mali.\n"
    with pytest.raises(InputError, match="NUL byte") as err:
        decode_article(data, "wire.txt")
    assert err.value.line == 4 and "wire.txt:4" in str(err.value)
    for head in (b"%PDF-1.7\n", b"PK\x03\x04", b"\xd0\xcf\x11\xe0"):  # then mostly text
        with pytest.raises(InputError, match="got binary data"):
            decode_article(head + b"stream of words " * 500, "report.pdf")


def test_non_utf8_falls_back_to_windows_1252_with_a_warning():
    article = decode_article("Ménaka and Ségou – the “road”".encode("cp1252"), "latin.txt")
    assert article.text == "Ménaka and Ségou – the “road”"
    assert any("Windows-1252" in w for w in article.warnings)
    found = extract_text(article.text).to_json()["places"]
    assert [p["text"] for p in found] == ["Ménaka", "Ségou"]


def test_utf8_bom_is_dropped():
    assert decode_article("\ufeffMali".encode(), "bom.txt").text == "Mali"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-32-be"])
def test_utf16_and_utf32_with_their_mark_are_read(encoding):
    """Before: an article saved as "Unicode" by Notepad was refused as binary data."""
    text = "Ménaka, 4 March 2024 – gunmen attacked Ségou.\n"
    mark = "\ufeff" if encoding.endswith("-be") else ""
    article = decode_article((mark + text).encode(encoding), "wide.txt")
    assert article.text == text
    assert [p["text"] for p in extract_text(article.text).to_json()["places"]][:2] == [
        "Ménaka", "Ségou"]


def test_a_broken_utf16_article_is_named():
    with pytest.raises(InputError, match="UTF-16") as err:
        decode_article("\ufeffGao".encode("utf-16-le") + b"\x00\xd8", "broken.txt")
    assert "broken.txt" in str(err.value)


def test_huge_files_are_refused_with_the_limit(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_ARTICLE_BYTES + 1)
    with pytest.raises(InputError, match="at most 5,000,000 bytes"):
        read_article_detailed(path)


def test_html_is_stripped_and_offsets_refer_to_the_stripped_text():
    raw = (b"<html><head><style>p{}</style><script>var Kyiv=1;</script></head><body>"
           b"<p>Fighting near <b>Kidal</b> &amp; Gao.</p><p>Bamako replied.</p></body></html>")
    article = decode_article(raw, "page.html")
    assert article.html_stripped and article.text == "Fighting near Kidal & Gao.\nBamako replied."
    found = extract_text(article.text).to_json()["places"]
    assert [article.text[p["start"]:p["end"]] for p in found] == ["Kidal", "Gao", "Bamako"]


def test_missing_file_and_folder_expansion(tmp_path):
    with pytest.raises(InputError, match="missing path"):
        read_article_detailed(tmp_path / "nope.txt")
    (tmp_path / "b.txt").write_text("x")
    (tmp_path / "a.md").write_text("x")
    (tmp_path / ".hidden.txt").write_text("x")
    (tmp_path / "data.csv").write_text("x")
    assert [p.rsplit("/", 1)[-1] for p in iter_article_paths([str(tmp_path)])] == ["a.md",
                                                                                    "b.txt"]


@pytest.mark.timeout(30)
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_refused_by_name_before_it_is_read(device):
    """`geomap extract /dev/zero` read until memory ran out; /dev/urandom the same."""
    with pytest.raises(InputError, match="expected an article file, got a character device"
                       ) as err:
        read_article_detailed(device)
    assert device in str(err.value)


@pytest.mark.timeout(30)
def test_a_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    """Opening a pipe with no writer blocked `geomap extract` for ever."""
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    with pytest.raises(InputError, match="got a pipe"):
        read_article_detailed(pipe)


def test_one_stray_byte_does_not_turn_the_other_lines_into_mojibake():
    """A single cp1252 byte made the whole article cp1252: 'Ségou' in valid UTF-8 became
    'SÃ©gou' and was no longer found."""
    data = "Fighting in Ségou and Ménaka on Monday.\n".encode() + b"Caf\xe9 attacked.\n"
    article = decode_article(data, "mixed.txt")
    assert article.text == "Fighting in Ségou and Ménaka on Monday.\nCafé attacked.\n"
    assert article.warnings == ["mixed.txt: not valid UTF-8 (byte 45); 1 line(s) decoded as "
                                "Windows-1252 (lines 2), the others as UTF-8"]
    found = extract_text(article.text).to_json()["places"]
    assert [p["text"] for p in found] == ["Ségou", "Ménaka"]


def test_an_unclosed_script_hides_the_rest_as_in_a_browser_and_stray_brackets_stay():
    raw = (b"<p>Fighting near <b>Kidal</b>, a < b and c > d.</p><script>var x = 1;"
           b"<p>Gao</p>")
    article = decode_article(raw, "page.html")
    assert article.text == "Fighting near Kidal, a < b and c > d."


@pytest.mark.timeout(60)
@pytest.mark.parametrize("unit", [b"<x ", b"<script>a ", b"<br ", b"<style>"])
def test_markup_that_never_closes_is_stripped_in_one_pass(unit):
    """Each "<" without a ">", and each <script> without its end, made the regular
    expressions scan to the end of the text again: 400 kB of "<script>a " took 78 s of
    CPU, a 4.9 MB article hours. Now one pass (the timeout only guards a hang)."""
    article = decode_article(b"<p>" + unit * 300_000, "page.html")
    assert article.html_stripped
