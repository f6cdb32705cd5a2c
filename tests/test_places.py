"""City stage: the prefecture-level city a report is about, from the gazetteer."""
from extract.normalize import normalize
from extract.places import gazetteer, locate


def city_of(text: str, title: str = ""):
    city = locate(normalize(text).text, normalize(title).text)
    return (city.short, city.province) if city else None


def test_city_in_the_title_wins():
    assert city_of("集团干部员工投身一线。", "怀化市城发集团落实会议精神") == ("怀化", "湖南")


def test_district_maps_to_its_prefecture():
    """碑林区 and 雁塔区 are districts of 西安."""
    assert city_of("碑林区疫情防控指挥部发布指令。雁塔区开展核酸检测。西安市全域封控。") == ("西安", "陕西")


def test_county_level_city_maps_to_its_prefecture():
    """青铜峡市 belongs to 吴忠."""
    assert city_of("青铜峡市开展核酸检测,青铜峡市工业园区封闭管理,吴忠启动应急响应") == ("吴忠", "宁夏")


def test_estate_named_like_a_city_is_not_that_city():
    """朝阳小区 is a housing estate, not 朝阳市."""
    assert city_of("朝阳小区执勤点值守。朝阳小区居民。朝阳小区门口。") is None


def test_text_that_names_no_city_has_none():
    assert city_of("石化集团党委按照省委、新区党工委部署要求,组织党员下沉化工园区。") is None


def test_one_passing_mention_is_not_enough_to_decide():
    assert city_of("公司派车前往银川接运物资。") is None


def test_municipality_district_gives_the_municipality():
    assert city_of("北京市朝阳区组织企业复工,朝阳区各街道排查") == ("北京", "北京")


def test_traditional_text_is_placed_after_normalising():
    assert city_of("面對陝西省西安市的疫情形勢,西安市碑林區實施管控") == ("西安", "陕西")


def city_named(short: str):
    return next(c for c in gazetteer().cities.values() if c.short == short)


def test_autonomous_prefecture_has_a_short_name():
    assert city_named("湘西").name == "湘西土家族苗族自治州"


def test_cities_carry_coordinates():
    city = city_named("吴忠")
    assert 105 < city.longitude < 107 and 37 < city.latitude < 39


def test_ambiguous_short_name_counts_when_a_paper_or_company_is_named_after_it():
    """大同 is also a word (世界大同); 大同日报 and 大同煤业集团 name the city."""
    assert city_of("大同煤业集团保障供热。大同日报记者在平城区看到,大同煤业集团加大供煤。") == ("大同", "山西")


def test_ambiguous_short_name_alone_does_not_count():
    assert city_of("实现世界大同。天下大同。大同理想。") is None
