"""Organisation stage: who acts in a report, under one name per body."""
from extract.normalize import normalize
from extract.orgs import ActorIndex, find_organisations


def names(text: str, title: str = "") -> list[str]:
    return [o.name for o in find_organisations(normalize(text).text, normalize(title).text)]


def test_name_ending_in_gongsi_is_found():
    assert "交投公司" in names("9月23日,交投公司组建了一支应急保障车队。")


def test_name_starts_after_a_function_word():
    """医务人员为交投公司驾驶员演示 -> 交投公司, not 医务人员为交投公司."""
    assert names("医务人员为交投公司驾驶员演示防护服穿脱。") == ["交投公司"]


def test_name_starts_after_a_common_verb():
    assert "确保集团" not in names("确保集团上下一盘棋,城发集团迅速行动。")


def test_items_of_a_list_ending_in_deng_gongsi_are_companies():
    found = names("城发集团下属城投、交投、林业产业、建工、监理等公司迅速组建队伍。")
    assert {"城投公司", "交投公司", "林业产业公司", "建工公司", "监理公司"} <= set(found)


def test_centre_with_a_party_branch_is_an_organisation():
    assert "咨询中心" in names("产投直属党支部、咨询中心党支部动员党员同志。")


def test_city_sasac_is_kept_with_its_place():
    assert "吴忠市国资委" in names("吴忠市国资委党委迅即行动。")


def test_generic_words_name_nobody():
    assert names("集团公司及时通报。两集团将继续做好工作。各子公司食堂供应三餐。") == []


def test_forms_with_and_without_place_are_one_organisation_under_the_fullest_name():
    assert names("渭南市产投集团疫情防控工作纪实。市产投集团集团党委坚决服从指挥。") == ["渭南市产投集团"]


def test_repeated_ending_is_read_once():
    """市产投集团集团党委: the group is 市产投集团."""
    assert names("以来,市产投集团集团党委坚决服从") == ["市产投集团"]


def test_organisation_in_the_title_comes_first():
    found = names("燃气公司保障供气。燃气公司配送液化气。城投公司改造管网。", title="城投公司全力保障供热")
    assert found[0] == "城投公司"


def test_traditional_names_are_given_simplified_without_garbage():
    assert "西北有色地矿集团" in names("西北有色地礦集團(tuán)快速響應。")


def test_short_form_in_a_passage_names_the_company():
    """城投、交投作为市派工作组: 城投 is 城投公司."""
    orgs = find_organisations("市城投公司派出4名党委班子成员。交投公司进驻社区。")
    passage = "其中城投、交投作为市派工作组"
    assert ActorIndex(passage, orgs).between(0, len(passage)) == ["市城投公司", "交投公司"]


def test_short_form_inside_a_longer_name_names_only_the_longer_one():
    """城投环境公司 holds 城投, the short form of 城投集团: only 城投环境公司 is named."""
    orgs = find_organisations("上海城投集团召开会议。城投环境公司清运垃圾。")
    passage = "城投环境公司累计清运生活垃圾"
    assert ActorIndex(passage, orgs).between(0, len(passage)) == ["城投环境公司"]


def test_subsidiary_named_by_its_type_is_a_company():
    """产投集团所属医药公司: the group's pharmaceutical company."""
    assert "医药公司" in names("12月13日,产投集团所属医药公司紧急调运药品。")


def test_autonomous_prefecture_prefix_is_dropped_whole_in_the_key():
    """湘西州城投集团 and 城投集团 are one group, shown with the place."""
    assert names("湘西州城投集团承建水厂。城投集团组织施工。") == ["湘西州城投集团"]


def test_body_cited_as_the_source_of_an_instruction_does_not_act():
    """按照市国资委部署,城投公司组建车队: 城投公司 acts, 市国资委 is only cited."""
    text = "按照市国资委部署,城投公司组建车队。"
    orgs = find_organisations(text)
    assert ActorIndex(text, orgs).acting(0, len(text)) == ["城投公司"]


def test_sentence_referring_back_acts_through_the_last_named_organisation():
    """城投公司召开会议。次日,该公司派出车队: the second sentence's actor is 城投公司."""
    text = "城投公司召开会议。次日,该公司派出车队。"
    orgs = find_organisations(text)
    assert ActorIndex(text, orgs).acting(9, len(text)) == ["城投公司"]


def test_sentence_naming_nobody_and_not_referring_back_has_no_actor():
    text = "城投公司召开会议。次日,物资运抵现场。"
    orgs = find_organisations(text)
    assert ActorIndex(text, orgs).acting(9, len(text)) == []


def test_bodies_of_different_places_are_different_organisations():
    """北京市国有资产监督管理委员会…辽宁省国有资产监督管理委员会: two bodies, not one under the longer name."""
    found = names("北京市国有资产监督管理委员会要求复工。辽宁省国有资产监督管理委员会推进复产。")
    assert "北京市国有资产监督管理委员会" in found and "辽宁省国有资产监督管理委员会" in found


def test_later_clause_without_a_subject_acts_through_the_subject_of_its_sentence():
    """22日,五局三公司联系院方,并在当天上午送往医院: the clause of 当天上午 acts through 五局三公司."""
    text = "22日,中建五局三公司联系院方,并在当天上午送往医院。"
    orgs = find_organisations(text)
    clause = text.index("并在")
    assert ActorIndex(text, orgs).acting(clause, len(text), sentence_start=0) == ["中建五局三公司"]


def test_bare_sasac_names_the_one_sasac_of_the_report():
    """国务院国资委召开会议。1月26日,国资委党委召开专题会议: 国资委 there is 国务院国资委."""
    text = "国务院国资委召开会议。1月26日,国资委党委召开专题会议。"
    orgs = find_organisations(text)
    second = text.index("1月26日")
    assert ActorIndex(text, orgs).acting(second, len(text)) == ["国务院国资委"]


def test_short_form_of_state_council_sasac_is_not_the_state_council():
    """国务院国资委's short form is not 国务院: 国务院 alone names nobody."""
    orgs = find_organisations("国务院国资委召开会议。")
    assert all("国务院" not in o.aliases for o in orgs)


def test_company_with_no_company_named_before_is_the_reports_own():
    """8月1日,公司董事长赴中国建设银行考察。8月19日,公司副总经理带队检查: 公司 is the report's own
    开发公司 (named later), not the bank visited the sentence before."""
    text = "8月1日,公司董事长赴中国建设银行考察。8月19日,公司副总经理带队检查。8月22日,开发公司团支部开展活动。"
    index = ActorIndex(text, find_organisations(text))
    second = text.index("8月19日")
    assert index.acting(second, text.index("8月22日")) == ["开发公司"]


def test_subsidiary_company_is_no_reference_back():
    """截至2月11日,53家省级企业和二级子公司恢复生产: 子公司 does not refer back to 辽宁省国资委."""
    text = "辽宁省国资委发布措施。截至2月11日,53家省级企业和二级子公司恢复生产。"
    index = ActorIndex(text, find_organisations(text))
    assert index.acting(text.index("截至"), len(text)) == []


def test_later_clause_acts_through_every_organisation_of_the_clause_naming_them():
    """泉州公交发展有限公司和第二公交公司均收到批复,在今年5月15日起加收空调费: both act in the later clause."""
    text = "泉州公交发展有限公司和第二公交公司均收到批复,在今年5月15日起加收空调费。"
    index = ActorIndex(text, find_organisations(text))
    assert index.acting(text.index("在今年"), len(text), 0) == ["泉州公交发展有限公司", "第二公交公司"]


def test_short_form_that_begins_a_longer_word_names_nobody():
    """市公交公司 … 坐29路公交车上班: 公交 in 公交车 is the bus, not 市公交公司."""
    text = "市公交公司安排车辆。陈先生依然准备坐29路公交车上班。"
    index = ActorIndex(text, find_organisations(text))
    assert index.between(text.index("陈先生"), len(text)) == []


def test_name_a_patterned_name_ends_with_is_its_short_form():
    """中建五局三公司承建。五局三公司看到信息后: 五局三公司 is 中建五局三公司, not a body of its own."""
    orgs = find_organisations("中建五局三公司承建医院。22日,五局三公司看到该条信息后立即支援。")
    assert [(o.name, "五局三公司" in o.aliases) for o in orgs] == [("中建五局三公司", True)]


def test_type_name_joins_the_one_longer_name_of_that_type_once_its_ending_is_read_as_company():
    """粤海江河水务有限公司…水务公司呼吁: 水务公司 is 粤海江河水务有限公司."""
    assert names("粤海江河水务有限公司抢修管道。水务公司呼吁广大市民。") == ["粤海江河水务有限公司"]


def test_key_that_is_a_bare_ending_is_no_short_form():
    """华建集团下属上海院: 院 (上海院 without its place) is no short form, so 中山医院 does not name 上海院."""
    text = "华建集团下属上海院,顺利完成了改造。中山医院启用。"
    orgs = find_organisations(text)
    assert all("院" not in o.aliases for o in orgs)
    assert ActorIndex(text, orgs).between(text.index("中山"), len(text)) == []


def test_city_that_is_also_a_word_is_no_short_form():
    """山西大同煤矿集团: its short form is not 大同, which names the city (大同市)."""
    orgs = find_organisations("山西大同煤矿集团派出救援队。")
    assert all("大同" not in o.aliases for o in orgs)


def test_company_of_some_kind_refers_to_nobody():
    """巴士集团向某公司饭堂配送食材: 某公司 is some company, not the report's own 深农集团."""
    text = "深农集团召开会议。2月3日,巴士集团向某公司饭堂配送食材。"
    index = ActorIndex(text, find_organisations(text))
    assert index.acting(text.index("2月3日"), len(text)) == ["巴士集团"]


def test_known_name_that_is_the_short_form_of_a_found_name_is_that_body():
    """中粮集团快速调整产能。中粮保障供应: 中粮 (a known name) is 中粮集团, one organisation."""
    assert names("中粮集团快速调整产能。中粮保障市场供应。") == ["中粮集团"]


def test_name_written_only_at_the_start_of_a_longer_name_is_no_body_of_its_own():
    """中国华电四川理县公司: 中国华电 (a known name) is not named on its own."""
    assert names("截至22时,中国华电四川理县公司理县电厂设备正常。") == ["中国华电四川理县公司"]


def test_short_form_that_is_a_common_word_is_no_alias():
    """嵊州市供电局…全面恢复供电: 供电 (the short form of 供电局) is the word, not the bureau."""
    orgs = find_organisations("嵊州市供电局组织抢修。当晚,全市恢复供电。")
    assert [o.name for o in orgs] == ["嵊州市供电局"] and "供电" not in orgs[0].aliases
