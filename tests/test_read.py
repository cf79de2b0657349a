"""Stage 1: bytes → Text."""

import pytest

from kg.errors import InputError
from kg.read import decode, normalise, read

PLAN = "某市实施方案\n一、重点任务\n１．加强领导。（市教育局、市财政局）\n"


def test_utf8_with_and_without_bom_read_the_same():
    plain = decode(PLAN.encode("utf-8"))
    with_bom = decode(b"\xef\xbb\xbf" + PLAN.encode("utf-8"))
    assert plain.original == with_bom.original == PLAN
    assert plain.encoding == with_bom.encoding == "utf-8"


def test_gb18030_and_gbk_are_decoded():
    text = decode(PLAN.encode("gb18030"))
    assert text.encoding == "gb18030"
    assert text.original == PLAN
    assert decode(PLAN.encode("gbk")).original == PLAN


def test_crlf_keeps_offsets_and_reads_as_line_breaks():
    text = decode(PLAN.replace("\n", "\r\n").encode("utf-8"))
    assert "\r" in text.original
    assert "\r" not in text.normalised
    assert len(text.original) == len(text.normalised)


def test_full_width_digits_and_punctuation_are_normalised_at_the_same_offsets():
    text = decode("１２．（市教育局）(市财政局):３０％".encode())
    assert text.normalised == "12.（市教育局）（市财政局）：30%"
    assert len(text.normalised) == len(text.original)
    assert text.original[0] == "１"


def test_normalise_keeps_chinese_punctuation():
    assert normalise("、，；：（）。") == "、，；：（）。"


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "the file is empty"),
        (b"  \n\n", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file"),
        (b"plan \x80\xff text", "cannot decode"),
    ],
)
def test_bad_bytes_are_input_errors_naming_the_source(data, message):
    with pytest.raises(InputError) as error:
        decode(data, "plan.txt")
    assert message in str(error.value)
    assert str(error.value).startswith("plan.txt: ")


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="is a directory"):
        read(tmp_path)
