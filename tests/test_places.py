"""City stage: the prefecture-level city a report is about, from the gazetteer."""
from extract.normalize import normalize
from extract.places import city_named, locate


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


def test_city_nickname_names_the_city():
    """杭城 is 杭州 (places.toml nicknames)."""
    assert city_of("杭城170多万户用户安全用气。杭燃集团保障杭城百姓用气。杭城燃气服务厅正常营业。") == ("杭州", "浙江")


def test_county_without_its_ending_counts_after_its_province():
    """浙江嵊州: 嵊州市 of 绍兴, written without 市."""
    assert city_of("浙江嵊州电力工人雪地里吃年夜饭。浙江嵊州遭遇暴雪。") == ("绍兴", "浙江")


def test_county_without_its_ending_counts_before_a_company_named_after_it():
    """通城城发集团 is the 城发 group of 通城县 (咸宁)."""
    assert city_of("通城城发集团连夜抢修供水主管。通城县隽水镇恢复供水。") == ("咸宁", "湖北")


def test_renamed_county_is_found_under_its_new_ending():
    """长乐市 became 长乐区 of 福州."""
    assert city_of("福州市长乐区城投集团完成隔离点改造。") == ("福州", "福建")


def test_dateline_names_the_city():
    assert city_of("大众网菏泽7月20讯(记者 苏龙生)今天凌晨,席卷菏泽全境的暴雨退去。") == ("菏泽", "山东")


def test_one_character_city_name_counts_in_a_dateline():
    """本报甬…讯: 甬 is 宁波."""
    assert city_of("本报甬5月2日讯 集团组织抢修。甬城市民用水恢复。") == ("宁波", "浙江")


def test_national_agency_dateline_alone_does_not_place_the_report():
    assert city_of("新华社北京2月14日电 记者从国资委获悉,湖北省各地国有企业分批有序推进复工。") is None


def test_report_naming_many_provinces_is_national():
    text = "北京市国资委要求复工。北京市属企业复工。上海国资委采取措施。山西国资委坚持防控。辽宁省国资委发布措施。浙江省国资委推进复工。安徽省国资委细化方案。"
    assert city_of(text) is None


def test_several_cities_equally_named_give_none():
    assert city_of("宜昌市城投集团与营口市城投集团签约,宜昌市与营口市两地合作。") is None


def test_local_report_needs_less_evidence_for_its_only_city():
    """我市 … 阜城 (阜阳's nickname): the report is written from inside 阜阳."""
    assert city_of("我市使用地表水的用户在阜城占据“半壁江山”,未对阜城百姓用水造成影响。") == ("阜阳", "安徽")


def test_place_name_inside_a_newspaper_name_is_not_that_place():
    """西江都市报 is not 江都市 (扬州)."""
    assert city_of("西江都市报讯(记者 纪荣兰)记者从水务公司获悉,当日停水处理。") is None


def test_site_lines_name_the_publisher():
    """The copyright line of a local site counts when the report itself names the city too."""
    city = locate(normalize("城投集团完成全区隔离点改造。福州市隔离点启用。").text, "", "版权所有:福州市长乐区城市投资发展集团有限公司")
    assert city is not None and city.short == "福州"


def test_ambiguous_short_name_right_after_its_province_is_the_city():
    """山西大同: a province followed by one of its cities names that city, even a name that is also a word."""
    assert city_of("煤矿发生透水事故。", "山西大同煤矿透水事故已致7人遇难") == ("大同", "山西")


def test_city_inside_an_organisation_name_outweighs_a_passing_place():
    """国网莆田供电公司 three times beats 福建东山 (漳州) named once."""
    assert city_of("国网莆田供电公司全力抢修。台风在福建东山登陆。国网莆田供电公司抢修队伍分赴各点。国网莆田供电公司恢复供电。") == ("莆田", "福建")


def test_the_body_signing_a_notice_names_its_city():
    """黄石市自来水有限公司 alone on a line at the end of a 停水公告."""
    assert city_of("我公司定于5月25日进行停水施工。特此公告。\n黄石市自来水有限公司\n2021年5月24日") == ("黄石", "湖北")


def test_the_city_helped_is_the_report_city_not_the_helpers_city():
    """淮安防汛抢险队千里驰援哈尔滨 (黑龙江哈尔滨市发生洪涝灾害): the events happen in 哈尔滨."""
    text = "黑龙江哈尔滨市发生洪涝灾害。淮安市城市发展投资控股集团有限公司组织抢险队。淮安水利建设集团有限公司迅速响应。淮安抢险队千里驰援哈尔滨。"
    assert city_of(text, "淮安防汛应急抢险队千里驰援哈尔滨排涝抗险") == ("哈尔滨", "黑龙江")


def test_institution_named_after_a_city_alone_is_too_weak():
    """在安康宾馆举行 once, with no other clue, does not place the report."""
    assert city_of("年会在安康宾馆举行。") is None


def test_a_city_named_only_as_where_help_went_is_not_the_report_city():
    """我市城投集团捐款支援武汉: the report is about the unnamed 我市, not 武汉."""
    assert city_of("我市城投集团捐款100万元支援武汉。市国资委号召市属企业捐款。") is None
