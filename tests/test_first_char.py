"""The date grammar's alternation split by first character matches exactly what the plain alternation matches."""
import re

from extract.first_char import dispatching_alternation


def _plain(start_chars: str, bodies: list[str]) -> re.Pattern[str]:
    return re.compile(f"(?=[{start_chars}])(?:" + "|".join(f"(?P<p{i}>{b.replace('(?P<', f'(?P<p{i}_').replace('(?P=', f'(?P=p{i}_')})" for i, b in enumerate(bodies)) + ")")


def _spans(regex: re.Pattern[str], text: str, branch_of=None) -> list[tuple[int, int, int]]:
    found = []
    for m in regex.finditer(text):
        tag = m.lastgroup
        found.append((m.start(), m.end(), branch_of[tag] if branch_of else int(tag[1:])))
    return found


def test_first_branch_that_matches_wins_as_in_the_plain_alternation():
    """二〇二二年三月 and 3月5日: the earlier branch wins where two can start, whatever the class."""
    start = "0-9一二三十〇上"
    bodies = [r"(?P<y>[一二][〇一二]{3})年(?P<m>[一二三十]+)月", r"(?P<m>\d{1,2})月(?P<d>\d{1,2})日",
              r"(?P<m>[一二三十]+)月", r"上(?:午|月)", r"(?<!\d)\d+(?=号)"]
    source, branch_of = dispatching_alternation(start, bodies)
    text = "二〇二二年三月，3月5日上午，十二月、上月与5号，二三月"
    assert _spans(re.compile(source), text, branch_of) == _spans(_plain(start, bodies), text)


def test_a_branch_that_can_match_nothing_is_tried_everywhere():
    """(?:年)? alone can match the empty string at any start character."""
    source, branch_of = dispatching_alternation("0-9年", [r"(?:年)?", r"\d"])
    assert set(branch_of.values()) == {0, 1}
    assert _spans(re.compile(source), "1年", branch_of) == _spans(_plain("0-9年", [r"(?:年)?", r"\d"]), "1年")


def test_groups_are_named_after_their_branch_copy():
    """Each copy of a branch names its groups with its own tag: m.lastgroup + '_' + the field."""
    source, branch_of = dispatching_alternation("0-9", [r"(?P<d>\d)(?P=d)"])
    m = re.compile(source).search("x33")
    assert m.group(m.lastgroup + "_d") == "3" and branch_of[m.lastgroup] == 0


def test_guards_on_the_characters_around_the_first_keep_every_match():
    """The guard reads the character before (a lookbehind every branch shares) and after the first:
    12月 inside 112月 or .12月 is no month, 1 alone (a one-character branch) still matches anywhere."""
    start = "0-9一"
    bodies = [r"(?<![\d.])(?P<m>1[0-2]|[1-9])月", r"(?<![^\n])(?P<d>\d{1,2})日", r"(?P<y>\d{2})(?P<sep>[-/])(?P=sep)",
              r"一(?:月|日)", r"(?<![^,])9"]
    source, branch_of = dispatching_alternation(start, bodies)
    text = "112月 .12月 x12月\n3日 4日 22--7 一月 一个 ,9 x9 9"
    assert _spans(re.compile(source), text, branch_of) == _spans(_plain(start, bodies), text)
    assert "(?<!" in source  # the shared lookbehind is read before any branch is tried


def test_a_class_whose_second_character_is_unknown_is_guarded_by_its_first_alone():
    """(?P<d>\\d). can be followed by anything: every digit still tries it."""
    source, branch_of = dispatching_alternation("0-9", [r"\d.", r"\d"])
    text = "1x 2\n3"
    assert _spans(re.compile(source), text, branch_of) == _spans(_plain("0-9", [r"\d.", r"\d"]), text)


def test_required_words_are_those_every_match_holds():
    """喜迎…党的二十大 and 党的二十大胜利召开 both hold 党的二十大; 强台风 holds 台风; \\d+年 holds no fixed word."""
    from extract.first_char import required_words

    assert required_words("(?:喜迎|迎接)[^。]{0,6}党的二十大|党的二十大(?:即将|胜利)召开") == {"党的二十大"}
    assert required_words("(?:台风|强台风)[“\"]?(?:利奇马|白鹿)") == {"台风"}
    assert required_words("核酸(?:检测|采样)?") == {"核酸"}
    assert required_words(r"\d+年?") is None
    assert required_words("(?:支援|援)?武汉|") is None  # the empty alternative holds nothing


def test_the_date_grammar_matches_what_its_plain_alternation_matches():
    """On seeded random date-like text (2022年3月5日, 二〇二二, 500名, 疫情, 次日 …), the guarded
    grammar finds the same spans with the same patterns as every pattern tried everywhere."""
    import random

    from extract.recognise import _PIECE, grammar
    from extract.rules import load_rules

    rules = load_rules("dates")

    def expand(regex: str) -> str:
        return _PIECE.sub(lambda m: f"(?:{expand(rules['pieces'][m.group(1)])})", regex)

    bodies = [expand(p["regex"]) for p in rules["pattern"]]
    plain = _plain(rules["start_chars"], bodies)
    guarded = grammar()
    branch_of = {tag: rules["pattern"].index(p) for tag, p in guarded.patterns.items()}
    tokens = ["2022", "1203", "20230415", "12", "3", "05", "31", "500", "二〇二二", "十二", "二十", "九", "元", "年",
              "月", "日", "号", "份", "上旬", "-", "/", ".", "·", "至", "—", " ", "\n", ",", "。", "、", "（星期二）",
              "周五", "上周", "本月", "去年", "次日", "当天", "昨天", "即日", "大年初三", "农历", "腊月", "廿六", "中秋节",
              "元旦", "除夕", "张", "疫情", "3天后", "隔离", "近", "共", "每天", "截至", "自", "以来", "将于", "17:35",
              "8点", "上午", "晚", "第一天", "的", "5·12", "“", "”", "那天", "名", "个"]
    rng = random.Random(20240601)
    for _ in range(3000):
        text = "".join(rng.choice(tokens) for _ in range(rng.randint(1, 12)))
        assert _spans(guarded.regex, text, branch_of) == _spans(plain, text), text
