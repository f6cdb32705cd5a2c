"""Normalise stage: a simplified, garbage-free matching copy that maps back to the original."""
from extract.normalize import normalize


def test_traditional_becomes_simplified():
    assert normalize("陝西黃金集團精準布控").text == "陕西黄金集团精准布控"


def test_variant_character_shan_is_folded_to_simplified():
    """陜 is a variant of 陝 that OpenCC leaves alone: 陜西 -> 陕西."""
    assert normalize("陜西有色").text == "陕西有色"


def test_pinyin_garbage_with_tone_marks_is_removed():
    assert normalize("西北有色地礦集團(tuán)").text == "西北有色地矿集团"


def test_pinyin_garbage_without_tones_and_with_trailing_space_is_removed():
    assert normalize("黨(dang) 員和這個(ge) 人").text == "党员和这个人"


def test_english_abbreviation_and_counters_in_brackets_are_kept():
    assert normalize("基金组织(IMF)和同心战疫(七)").text == "基金组织(IMF)和同心战疫(七)"


def test_full_width_digits_fold_to_ascii_and_chinese_punctuation_stays():
    assert normalize("１０月２９日１１：３０，开会").text == "10月29日11：30，开会"


def test_offsets_map_back_to_the_original_characters():
    original = "發布：１０月２９日"
    norm = normalize(original)
    start = norm.text.index("10月")
    a, b = norm.span_to_original(start, start + len("10月29日"))
    assert original[a:b] == "１０月２９日"


def test_offsets_after_removed_garbage_still_point_at_the_original():
    """集團(tuán)、陜西: the 陕 after the garbage maps to 陜 in the original."""
    original = "集團(tuán)、陜西"
    norm = normalize(original)
    pos = norm.text.index("陕")
    assert original[norm.to_original(pos)] == "陜"


def test_bracketed_syllable_after_a_digit_is_not_garbage():
    """3(an) follows no Chinese character: it is not converter garbage and stays."""
    assert normalize("共3(an)处").text == "共3(an)处"


def test_garbage_after_a_blank_following_a_character_is_removed_with_the_blank():
    assert normalize("集團 (tuán)成立").text == "集团成立"


def test_simplified_text_is_left_as_it_is():
    """沈下路 in a simplified report is a street, not 沉下路: text without traditional characters is not converted."""
    assert normalize("6:00在沈下路、张家村停水").text == "6:00在沈下路、张家村停水"


def test_traditional_text_is_still_converted():
    assert normalize("集團黨委").text == "集团党委"


def test_a_rare_character_beyond_the_bmp_is_converted_only_if_traditional():
    """𠁞 is traditional (OpenCC: 𠀾); 𠂀, beside it in Unicode, is not: 沈下路 is then left as it is."""
    assert normalize("𠁞").text == "𠀾"
    assert normalize("沈下路𠂀").text == "沈下路𠂀"
