"""A Busan-like organisation for the demo: the city headquarters, the 16 구·군, 공사·공단 and affiliated bodies.

The shape follows Busan Metropolitan City's published organisation chart closely enough to feel familiar
(offices 실, bureaus 국, departments 과·담당관, teams 팀); it is not an exact copy and needs no updating when
the city reorganises.

Codes:
* the city is ``6260000`` and the 구·군 keep their real administrative codes (중구 ``3250000`` … 기장군 ``3400000``);
* a city office or bureau is ``626NN00`` (NN = its position below); public corporations are ``BCNN000`` and
  affiliated bodies ``BANN000`` (our own scheme);
* everything below those appends two digits to its parent's code (department ``626NN00``+``01``, team +``01``).
Codes derive from positions in these lists: append new entries at the end of a list so existing codes stay.
"""

from dataclasses import dataclass

from proactive.accounts.enums import OrgUnitKind


@dataclass(frozen=True)
class UnitDef:
    name: str
    name_en: str
    kind: str
    children: tuple["UnitDef", ...] = ()
    code: str = ""  # only where it does not derive from the parent's code
    key: str = ""  # a handle the loader uses to place demo accounts
    series: str = ""  # the job series most of its staff belong to (행정 when empty)
    head: str = ""  # the head's position when the kind's default does not fit ("대변인", "감사위원장")
    email_domain: str = ""
    phone_prefix: str = ""


def team(name: str, name_en: str, *, key: str = "", series: str = "") -> UnitDef:
    return UnitDef(name, name_en, OrgUnitKind.TEAM, key=key, series=series)


def dept(name: str, name_en: str, *teams: UnitDef, key: str = "", series: str = "") -> UnitDef:
    return UnitDef(name, name_en, OrgUnitKind.DEPARTMENT, tuple(teams), key=key, series=series)


def bureau(name: str, name_en: str, *children: UnitDef, key: str = "", series: str = "", head: str = "") -> UnitDef:
    return UnitDef(name, name_en, OrgUnitKind.BUREAU, tuple(children), key=key, series=series, head=head)


def office(name: str, name_en: str, *children: UnitDef, key: str = "", series: str = "", head: str = "") -> UnitDef:
    return UnitDef(name, name_en, OrgUnitKind.OFFICE, tuple(children), key=key, series=series, head=head)


T = team
CITY_HEADQUARTERS: tuple[UnitDef, ...] = (
    office(
        "기획조정실",
        "Planning and Coordination Office",
        bureau(
            "기획관",
            "Director-General for Planning",
            dept(
                "기획담당관",
                "Planning Division",
                T("기획총괄팀", "General Planning Team"),
                T("시정평가팀", "City Performance Evaluation Team"),
                T("정책연구팀", "Policy Research Team"),
                key="planning",
            ),
            dept(
                "혁신정책과",
                "Innovation Policy Division",
                T("적극행정팀", "Proactive Administration Team", key="programme_team"),
                T("규제혁신팀", "Regulatory Innovation Team"),
                T("조직혁신팀", "Organisational Innovation Team"),
                T("시민제안팀", "Citizen Proposals Team"),
                key="programme",
            ),
            dept(
                "예산담당관",
                "Budget Division",
                T("예산총괄팀", "Budget Coordination Team"),
                T("예산1팀", "Budget Team 1"),
                T("예산2팀", "Budget Team 2"),
            ),
            key="planning_bureau",
            head="기획관",
        ),
        dept(
            "법무담당관",
            "Legal Affairs Division",
            T("법무팀", "Legal Affairs Team"),
            T("송무팀", "Litigation Team"),
            T("법제팀", "Legislation Team"),
            key="legal",
        ),
        dept(
            "정보화담당관",
            "Information Technology Division",
            T("정보화기획팀", "IT Planning Team"),
            T("정보시스템팀", "Information Systems Team", key="it_team"),
            T("정보보호팀", "Information Security Team"),
            series="전산",
        ),
    ),
    office(
        "대변인",
        "Office of the Spokesperson",
        dept(
            "홍보담당관",
            "Public Relations Division",
            T("홍보기획팀", "PR Planning Team"),
            T("뉴미디어팀", "New Media Team"),
        ),
        dept(
            "언론협력담당관",
            "Press Relations Division",
            T("언론협력팀", "Press Cooperation Team"),
            T("보도지원팀", "Press Support Team"),
        ),
        head="대변인",
    ),
    office(
        "감사위원회",
        "Audit Committee",
        dept(
            "감사담당관",
            "Audit Division",
            T("감사총괄팀", "Audit Coordination Team", key="audit_team"),
            T("사전컨설팅팀", "Pre-consulting Team"),
            T("공직윤리팀", "Public Ethics Team"),
        ),
        dept(
            "조사담당관",
            "Investigation Division",
            T("조사총괄팀", "Investigation Team"),
            T("소극행정신고팀", "Passive Administration Reports Team"),
            T("민원조사팀", "Complaint Investigation Team"),
        ),
        dept(
            "청렴소통담당관",
            "Integrity Division",
            T("청렴팀", "Integrity Team"),
            T("공익신고팀", "Whistleblowing Team"),
        ),
        head="감사위원장",
    ),
    bureau(
        "행정자치국",
        "Bureau of Administration and Autonomy",
        dept(
            "총무과",
            "General Affairs Division",
            T("총무팀", "General Affairs Team"),
            T("의전팀", "Protocol Team"),
            T("청사관리팀", "Building Management Team"),
        ),
        dept(
            "인사과",
            "Personnel Division",
            T("인사기획팀", "Personnel Planning Team"),
            T("인사관리팀", "Personnel Management Team", key="hr_team"),
            T("후생복지팀", "Staff Welfare Team"),
            T("교육훈련팀", "Training Team"),
        ),
        dept(
            "자치분권과",
            "Decentralisation Division",
            T("자치행정팀", "Local Administration Team"),
            T("분권협력팀", "Decentralisation Cooperation Team"),
            T("주민자치팀", "Residents' Autonomy Team"),
        ),
        dept(
            "세정담당관",
            "Tax Administration Division",
            T("세정팀", "Tax Policy Team"),
            T("세무조사팀", "Tax Audit Team"),
            T("지방소득세팀", "Local Income Tax Team"),
            series="세무",
        ),
        dept(
            "세원관리과",
            "Tax Revenue Management Division",
            T("세원관리팀", "Tax Base Team"),
            T("체납징수팀", "Arrears Collection Team"),
            series="세무",
        ),
    ),
    office(
        "시민안전실",
        "Office of Citizen Safety",
        dept(
            "안전정책과",
            "Safety Policy Division",
            T("안전정책팀", "Safety Policy Team"),
            T("안전점검팀", "Safety Inspection Team"),
        ),
        dept(
            "재난대응과",
            "Disaster Response Division",
            T("재난대응팀", "Disaster Response Team"),
            T("자연재난팀", "Natural Disasters Team"),
            T("상황관리팀", "Situation Management Team"),
            series="시설",
        ),
        dept(
            "사회재난과",
            "Social Disasters Division",
            T("사회재난팀", "Social Disasters Team"),
            T("민방위팀", "Civil Defence Team"),
        ),
    ),
    office(
        "경제정책실",
        "Office of Economic Policy",
        dept(
            "경제정책과",
            "Economic Policy Division",
            T("경제기획팀", "Economic Planning Team"),
            T("경제분석팀", "Economic Analysis Team"),
            T("지역화폐팀", "Local Currency (Dongbaekjeon) Team"),
        ),
        dept(
            "일자리경제과",
            "Jobs and Economy Division",
            T("일자리정책팀", "Jobs Policy Team"),
            T("고용지원팀", "Employment Support Team"),
        ),
        dept(
            "소상공인지원과",
            "Small Business Support Division",
            T("소상공인팀", "Small Business Team"),
            T("골목상권팀", "Neighbourhood Shops Team"),
            T("전통시장팀", "Traditional Markets Team"),
        ),
        dept(
            "금융창업과",
            "Finance and Start-ups Division",
            T("금융정책팀", "Finance Policy Team"),
            T("창업지원팀", "Start-up Support Team"),
        ),
        series="공업",
    ),
    bureau(
        "미래기술전략국",
        "Bureau of Future Technology Strategy (under the Vice Mayor for Future Innovation)",
        dept(
            "디지털정책과",
            "Digital Policy Division",
            T("디지털전략팀", "Digital Strategy Team"),
            T("스마트시티팀", "Smart City Team"),
            T("데이터정책팀", "Data Policy Team"),
            series="전산",
        ),
        dept(
            "첨단산업과",
            "Advanced Industries Division",
            T("첨단산업팀", "Advanced Industries Team"),
            T("전력반도체팀", "Power Semiconductor Team"),
        ),
        dept(
            "인공지능산업과",
            "AI Industry Division",
            T("AI정책팀", "AI Policy Team"),
            T("인공지능융합팀", "AI Convergence Team"),
            series="전산",
        ),
        series="공업",
    ),
    bureau(
        "청년산학국",
        "Bureau of Youth and Industry-Academia Cooperation",
        dept(
            "청년정책과",
            "Youth Policy Division",
            T("청년기획팀", "Youth Planning Team"),
            T("청년일자리팀", "Youth Jobs Team"),
        ),
        dept(
            "대학협력과",
            "University Cooperation Division",
            T("대학지원팀", "University Support Team"),
            T("산학협력팀", "Industry-Academia Team"),
        ),
    ),
    bureau(
        "여성가족국",
        "Bureau of Women and Family",
        dept(
            "여성가족과",
            "Women and Family Division",
            T("여성정책팀", "Women's Policy Team"),
            T("가족정책팀", "Family Policy Team"),
        ),
        dept(
            "아동청소년과",
            "Children and Youth Division",
            T("아동정책팀", "Child Policy Team"),
            T("아동보호팀", "Child Protection Team"),
            T("청소년팀", "Youth Team"),
        ),
        dept(
            "출산보육과",
            "Childbirth and Childcare Division",
            T("출산지원팀", "Childbirth Support Team"),
            T("보육정책팀", "Childcare Policy Team"),
        ),
        series="사회복지",
    ),
    bureau(
        "복지국",
        "Bureau of Social Welfare",
        dept(
            "복지정책과",
            "Welfare Policy Division",
            T("복지정책팀", "Welfare Policy Team"),
            T("복지기획팀", "Welfare Planning Team"),
        ),
        dept(
            "노인복지과",
            "Senior Welfare Division",
            T("노인정책팀", "Senior Policy Team"),
            T("노인시설팀", "Senior Facilities Team"),
        ),
        dept(
            "장애인복지과",
            "Disability Welfare Division",
            T("장애인정책팀", "Disability Policy Team"),
            T("장애인자립팀", "Independent Living Team"),
        ),
        dept(
            "생활보장과",
            "Basic Livelihood Security Division",
            T("기초생활팀", "Basic Livelihood Team"),
            T("복지급여팀", "Welfare Benefits Team"),
        ),
        series="사회복지",
    ),
    bureau(
        "시민건강국",
        "Bureau of Citizen Health",
        dept(
            "건강정책과",
            "Health Policy Division",
            T("건강정책팀", "Health Policy Team"),
            T("공공의료팀", "Public Healthcare Team"),
        ),
        dept(
            "보건위생과",
            "Public Health and Hygiene Division",
            T("감염병관리팀", "Infectious Disease Team"),
            T("위생정책팀", "Hygiene Policy Team"),
        ),
        dept(
            "식품의약안전과",
            "Food and Drug Safety Division",
            T("식품안전팀", "Food Safety Team"),
            T("의약관리팀", "Pharmaceuticals Team"),
        ),
        series="보건",
    ),
    office(
        "환경물정책실",
        "Office of Environment and Water Policy",
        dept(
            "환경정책과",
            "Environmental Policy Division",
            T("환경정책팀", "Environmental Policy Team"),
            T("기후변화팀", "Climate Change Team"),
            T("탄소중립팀", "Carbon Neutrality Team"),
        ),
        dept(
            "대기환경과",
            "Air Quality Division",
            T("대기관리팀", "Air Management Team"),
            T("미세먼지팀", "Fine Dust Team"),
        ),
        dept(
            "자원순환과",
            "Resource Circulation Division",
            T("자원순환팀", "Resource Circulation Team"),
            T("폐기물관리팀", "Waste Management Team"),
        ),
        dept(
            "물정책과",
            "Water Policy Division",
            T("물정책팀", "Water Policy Team"),
            T("하천관리팀", "River Management Team"),
            series="시설",
        ),
        series="환경",
    ),
    bureau(
        "교통혁신국",
        "Bureau of Transport Innovation",
        dept(
            "교통정책과",
            "Transport Policy Division",
            T("교통기획팀", "Transport Planning Team", key="official_team"),
            T("교통안전팀", "Road Safety Team"),
            T("보행환경팀", "Pedestrian Environment Team"),
            key="transport_dept",
        ),
        dept(
            "대중교통과",
            "Public Transport Division",
            T("대중교통팀", "Public Transport Team"),
            T("도시철도팀", "Urban Railway Team"),
        ),
        dept(
            "버스운영과",
            "Bus Operations Division",
            T("버스정책팀", "Bus Policy Team"),
            T("버스노선팀", "Bus Routes Team"),
            T("준공영제팀", "Semi-public Bus Operation Team"),
        ),
        dept(
            "택시운수과",
            "Taxi and Transport Services Division",
            T("택시정책팀", "Taxi Policy Team"),
            T("운수지도팀", "Transport Services Inspection Team"),
        ),
        key="transport_bureau",
    ),
    office(
        "도시균형발전실",
        "Office of Urban Balanced Development",
        dept(
            "도시계획과",
            "Urban Planning Division",
            T("도시계획팀", "Urban Planning Team"),
            T("도시관리팀", "Urban Management Team"),
        ),
        dept(
            "균형발전과",
            "Balanced Development Division",
            T("균형발전팀", "Balanced Development Team"),
            T("원도심재생팀", "Old-town Regeneration Team"),
        ),
        dept(
            "주택정책과",
            "Housing Policy Division",
            T("주택정책팀", "Housing Policy Team"),
            T("공동주택팀", "Apartment Housing Team"),
        ),
        dept(
            "건축정책과",
            "Architecture Policy Division",
            T("건축정책팀", "Architecture Policy Team"),
            T("건축안전팀", "Building Safety Team"),
        ),
        series="시설",
    ),
    bureau(
        "해양농수산국",
        "Bureau of Maritime Affairs, Agriculture and Fisheries",
        dept(
            "해양정책과",
            "Maritime Policy Division",
            T("해양정책팀", "Maritime Policy Team"),
            T("해양환경팀", "Marine Environment Team"),
        ),
        dept(
            "항만물류과",
            "Port Logistics Division",
            T("항만정책팀", "Port Policy Team"),
            T("물류정책팀", "Logistics Policy Team"),
        ),
        dept(
            "수산정책과",
            "Fisheries Policy Division",
            T("수산정책팀", "Fisheries Policy Team"),
            T("어업진흥팀", "Fishing Industry Team"),
        ),
        dept(
            "농축산유통과",
            "Agriculture and Livestock Division",
            T("농업정책팀", "Agriculture Policy Team"),
            T("축산유통팀", "Livestock Distribution Team"),
            series="농업",
        ),
        series="해양수산",
    ),
    bureau(
        "문화체육국",
        "Bureau of Culture and Sports",
        dept(
            "문화예술과",
            "Culture and Arts Division",
            T("문화정책팀", "Culture Policy Team"),
            T("예술진흥팀", "Arts Promotion Team"),
        ),
        dept(
            "관광진흥과",
            "Tourism Promotion Division",
            T("관광정책팀", "Tourism Policy Team"),
            T("마이스팀", "MICE Team"),
        ),
        dept(
            "체육진흥과",
            "Sports Promotion Division",
            T("체육정책팀", "Sports Policy Team"),
            T("생활체육팀", "Community Sports Team"),
        ),
        dept(
            "문화유산과",
            "Cultural Heritage Division",
            T("문화유산팀", "Cultural Heritage Team"),
            T("박물관지원팀", "Museums Support Team"),
            series="학예",
        ),
    ),
    bureau(
        "푸른도시국",
        "Bureau of Green City",
        dept(
            "공원정책과",
            "Parks Policy Division",
            T("공원정책팀", "Parks Policy Team"),
            T("공원조성팀", "Park Development Team"),
        ),
        dept(
            "산림녹지과",
            "Forestry and Greenery Division",
            T("산림보호팀", "Forest Protection Team"),
            T("녹지조성팀", "Green Spaces Team"),
        ),
        series="녹지",
    ),
    office(
        "건설본부",
        "Construction Headquarters",
        dept(
            "건설행정과",
            "Construction Administration Division",
            T("건설행정팀", "Construction Administration Team"),
            T("계약팀", "Contracts Team"),
        ),
        dept(
            "도로건설과",
            "Road Construction Division",
            T("도로계획팀", "Road Planning Team"),
            T("도로공사팀", "Road Works Team"),
        ),
        series="시설",
        head="본부장",
    ),
)


def _district_departments(slug: str) -> tuple[UnitDef, ...]:
    return (
        dept("기획감사실", "Planning and Audit Office", key=f"{slug}_audit"),  # the district's audit office
        dept("행정지원과", "Administrative Support Division"),
        dept("주민복지과", "Residents' Welfare Division", series="사회복지"),
        dept("세무과", "Tax Division", series="세무"),
        dept("안전도시과", "Safety and Urban Infrastructure Division", series="시설"),
        dept("환경위생과", "Environment and Sanitation Division", series="환경"),
    )


# (name, English name, code, e-mail subdomain, phone prefix)
DISTRICT_ROWS = [
    ("중구", "Jung-gu", "3250000", "junggu", "600"),
    ("서구", "Seo-gu", "3260000", "seogu", "240"),
    ("동구", "Dong-gu", "3270000", "donggu", "440"),
    ("영도구", "Yeongdo-gu", "3280000", "yeongdo", "419"),
    ("부산진구", "Busanjin-gu", "3290000", "busanjin", "605"),
    ("동래구", "Dongnae-gu", "3300000", "dongnae", "550"),
    ("남구", "Nam-gu", "3310000", "namgu", "607"),
    ("북구", "Buk-gu", "3320000", "bukgu", "309"),
    ("해운대구", "Haeundae-gu", "3330000", "haeundae", "749"),
    ("사하구", "Saha-gu", "3340000", "saha", "220"),
    ("금정구", "Geumjeong-gu", "3350000", "geumjeong", "519"),
    ("강서구", "Gangseo-gu", "3360000", "gangseo", "970"),
    ("연제구", "Yeonje-gu", "3370000", "yeonje", "665"),
    ("수영구", "Suyeong-gu", "3380000", "suyeong", "610"),
    ("사상구", "Sasang-gu", "3390000", "sasang", "310"),
    ("기장군", "Gijang-gun", "3400000", "gijang", "709"),
]

DISTRICTS: tuple[UnitDef, ...] = tuple(
    UnitDef(
        name,
        name_en,
        OrgUnitKind.DISTRICT,
        _district_departments(slug),
        code=code,
        email_domain=f"{slug}.busan.example",
        phone_prefix=phone,
        head="부군수" if name.endswith("군") else "부구청장",
    )
    for name, name_en, code, slug, phone in DISTRICT_ROWS
)


def _body(
    kind: str, code: str, name: str, name_en: str, slug: str, phone: str, *departments: UnitDef, series: str = ""
) -> UnitDef:
    return UnitDef(
        name,
        name_en,
        kind,
        tuple(departments),
        code=code,
        email_domain=f"{slug}.example",
        phone_prefix=phone,
        series=series,
    )


C = OrgUnitKind.CORPORATION
CORPORATIONS: tuple[UnitDef, ...] = (
    _body(
        C,
        "BC01000",
        "부산교통공사",
        "Busan Transportation Corporation",
        "humetro",
        "640",
        dept("경영지원처", "Management Support Department"),
        dept("영업처", "Operations and Sales Department"),
        dept("안전관리처", "Safety Management Department", series="시설"),
    ),
    _body(
        C,
        "BC02000",
        "부산도시공사",
        "Busan Metropolitan Corporation",
        "bmc",
        "810",
        dept("경영지원처", "Management Support Department"),
        dept("도시사업처", "Urban Development Department", series="시설"),
        dept("주거복지처", "Housing Welfare Department"),
    ),
    _body(
        C,
        "BC03000",
        "부산관광공사",
        "Busan Tourism Organization",
        "bto",
        "780",
        dept("경영지원실", "Management Support Office"),
        dept("관광사업처", "Tourism Business Department"),
    ),
    _body(
        C,
        "BC04000",
        "부산시설공단",
        "Busan Facilities Corporation",
        "bisco",
        "860",
        dept("경영지원처", "Management Support Department"),
        dept("시설관리처", "Facilities Management Department"),
        dept("안전관리처", "Safety Management Department"),
        series="시설",
    ),
    _body(
        C,
        "BC05000",
        "부산환경공단",
        "Busan Environmental Corporation",
        "beco",
        "740",
        dept("경영지원처", "Management Support Department"),
        dept("환경사업처", "Environmental Operations Department"),
        series="환경",
    ),
    _body(
        C,
        "BC06000",
        "부산지방공단스포원",
        "Busan Sports One Corporation",
        "spo1",
        "550",
        dept("경영지원처", "Management Support Department"),
        dept("경륜사업처", "Cycle Racing Department"),
    ),
)

A = OrgUnitKind.AFFILIATE
AFFILIATES: tuple[UnitDef, ...] = (
    _body(
        A,
        "BA01000",
        "부산연구원",
        "Busan Development Institute",
        "bdi",
        "860",
        dept("기획조정실", "Planning and Coordination Office"),
        dept("도시공간연구실", "Urban Space Research Office"),
        series="연구",
    ),
    _body(
        A,
        "BA02000",
        "부산경제진흥원",
        "Busan Economic Promotion Agency",
        "bepa",
        "600",
        dept("경영기획실", "Management Planning Office"),
        dept("소상공인지원단", "Small Business Support Unit"),
    ),
    _body(
        A,
        "BA03000",
        "부산테크노파크",
        "Busan Techno Park",
        "btp",
        "974",
        dept("경영기획실", "Management Planning Office"),
        dept("산업혁신단", "Industrial Innovation Unit"),
        series="공업",
    ),
    _body(
        A,
        "BA04000",
        "부산정보산업진흥원",
        "Busan IT Industry Promotion Agency",
        "busanit",
        "749",
        dept("경영지원실", "Management Support Office"),
        dept("디지털산업단", "Digital Industry Unit"),
        series="전산",
    ),
    _body(
        A,
        "BA05000",
        "부산문화재단",
        "Busan Cultural Foundation",
        "bscf",
        "745",
        dept("경영지원실", "Management Support Office"),
        dept("문화예술본부", "Culture and Arts Division"),
    ),
    _body(
        A,
        "BA06000",
        "부산신용보증재단",
        "Busan Credit Guarantee Foundation",
        "busansinbo",
        "860",
        dept("경영지원부", "Management Support Department"),
        dept("보증사업부", "Guarantee Department"),
    ),
    _body(
        A,
        "BA07000",
        "부산사회서비스원",
        "Busan Social Service Agency",
        "bssa",
        "790",
        dept("경영기획팀", "Management Planning Team"),
        dept("돌봄지원부", "Care Support Department"),
        series="사회복지",
    ),
    _body(
        A,
        "BA08000",
        "부산여성가족과평생교육진흥원",
        "Busan Women, Family and Lifelong Education Institute",
        "bwf",
        "610",
        dept("경영지원실", "Management Support Office"),
        dept("평생교육부", "Lifelong Education Department"),
    ),
)

CITY = UnitDef(
    "부산광역시",
    "Busan Metropolitan City",
    OrgUnitKind.CITY,
    CITY_HEADQUARTERS + DISTRICTS + CORPORATIONS + AFFILIATES,
    code="6260000",
    email_domain="busan.example",
    phone_prefix="888",
)
