"""The registration survey's words in English and Chinese: each question and each choice.

The values are the roster's own codes (``fupin.rules.checks.codes``); only their labels are here,
so a form filled on a phone imports into the registry without any translation of answers.
"""

from __future__ import annotations

Label = tuple[str, str]  # (English, Chinese)

GROUPS: dict[str, Label] = {
    "household": ("Household", "家庭"),
    "members": ("Members", "家庭成员"),
    "housing": ("Housing", "住房"),
    "living": ("Food, clothing and water", "吃穿与饮水"),
    "assets": ("Assets and business", "资产与经营"),
    "income": ("Income and spending last year (yuan)", "上年收入与支出（元）"),
}

QUESTIONS: dict[str, Label] = {
    "household_id": ("Household number", "户编号"),
    "village_code": ("Village", "所在村"),
    "year": ("Income year", "收入年度"),
    "id_number": ("ID number", "身份证号"),
    "name": ("Name", "姓名"),
    "relation": ("Relation to the head", "与户主关系"),
    "sex": ("Sex", "性别"),
    "birth_date": ("Date of birth", "出生日期"),
    "in_school": ("In school", "在校生"),
    "health": ("Health", "健康状况"),
    "labour_ability": ("Labour ability", "劳动能力"),
    "medical_insurance": ("In the basic medical insurance", "参加基本医疗保险"),
    "on_state_payroll": ("On the state payroll", "财政供养人员"),
    "is_village_cadre": ("Village cadre", "村干部"),
    "housing_grade": ("Housing safety grade", "住房安全等级"),
    "food_secure": ("Enough to eat", "不愁吃"),
    "clothing_secure": ("Enough to wear", "不愁穿"),
    "safe_water": ("Safe drinking water", "饮水安全"),
    "owns_vehicle": ("Owns a car", "拥有小汽车"),
    "owns_commercial_housing": ("Owns commercial housing", "拥有商品房"),
    "runs_business_with_employees": ("Runs a business with employees", "经营雇工企业"),
    "away_with_high_income": ("Whole family away, with a high income", "全家外出且收入较高"),
    "machinery_count": ("Productive machines", "生产性机械（台）"),
    "livestock_heads": ("Large livestock (head)", "大牲畜（头）"),
    "wage_local": ("Wages, local work", "本地务工收入"),
    "wage_migrant": ("Wages, migrant work", "外出务工收入"),
    "migrant_living_cost": ("Migrant workers' own living costs", "外出务工人员生活成本"),
    "operating_income": ("Operating income (farming, business)", "生产经营收入"),
    "operating_cost": ("Operating costs", "生产经营支出"),
    "property_income": ("Property income (rent, dividends)", "财产性收入"),
    "transfer_relief": ("Transfers: relief and pensions", "转移性收入：救助与养老金"),
    "transfer_development": ("Transfers: development subsidies", "转移性收入：发展类补贴"),
    "inkind_consumption": ("Home-grown food eaten (recorded, not counted)", "自产自用（只记录，不计收入）"),
    "medical_out_of_pocket": ("Medical costs paid out of pocket", "医疗自付支出"),
    "disaster_loss": ("Disaster losses", "灾害损失"),
    "previous_per_capita_net_income": ("Last year's per-capita net income, if known", "上年人均纯收入（如知道）"),
}  # fmt: skip

HINTS: dict[str, Label] = {
    "household_id": ("An existing household's number updates it; a new number registers a new household.",
                     "填已登记户的编号即更新该户；填新编号即登记新户。"),
    "village_code": ("The 12-digit code of the village.", "村的12位区划代码。"),
    "id_number": ("18 characters; a final X in capitals.", "18位，末位X须大写。"),
    "inkind_consumption": ("Recorded for the card, never counted as cash income.", "记入档案，不计为现金收入。"),
}  # fmt: skip

CHOICES: dict[str, dict[str, Label]] = {
    "yes_no": {"yes": ("Yes", "是"), "no": ("No", "否")},
    "relation": {
        "head": ("Head of household", "户主"),
        "spouse": ("Spouse", "配偶"),
        "child": ("Child", "子女"),
        "parent": ("Parent", "父母"),
        "grandchild": ("Grandchild", "孙子女"),
        "sibling": ("Brother or sister", "兄弟姐妹"),
        "other": ("Other", "其他"),
    },
    "sex": {"M": ("Male", "男"), "F": ("Female", "女")},
    "health": {
        "healthy": ("Healthy", "健康"),
        "chronic": ("Long-term chronic illness", "长期慢性病"),
        "serious": ("Serious illness", "患有大病"),
        "disabled": ("Disabled", "残疾"),
    },
    "labour_ability": {
        "ordinary": ("Ordinary labour", "普通劳动力"),
        "skilled": ("Skilled labour", "技能劳动力"),
        "lost": ("Labour ability lost", "丧失劳动力"),
        "none": ("No labour (child, elderly)", "无劳动力"),
    },
    "housing_grade": {
        "A": ("A: safe", "A级：安全"),
        "B": ("B: basically safe", "B级：基本安全"),
        "C": ("C: partly dangerous", "C级：局部危险"),
        "D": ("D: dangerous", "D级：整体危险"),
    },
}

MESSAGES: dict[str, Label] = {
    "id_number": ("Not a valid ID number: 17 digits and a check character that fits them.",
                  "身份证号无效：应为17位数字加相符的校验位。"),
    "birth_date": ("The date of birth does not agree with the ID number.", "出生日期与身份证号不符。"),
    "sex": ("The sex does not agree with the ID number.", "性别与身份证号不符。"),
    "village_code": ("A village code has 12 digits.", "村代码为12位数字。"),
    "year": ("A year from 2014 to this year.", "年份应在2014年至今年之间。"),
    "amount": ("An amount in yuan, not negative, at most 2 decimals.", "金额（元），不能为负，最多两位小数。"),
    "count": ("A whole number, not negative.", "应为非负整数。"),
    "one_head": ("A household has exactly one head: check the members' relations.",
                 "每户有且只有一名户主：请检查成员关系。"),
}  # fmt: skip
