"""Place names: cities (what a place may be), and what is too wide to be one.

Data, not code.  Chinese names are written in Simplified characters and
without their 市 (the text is matched after Traditional -> Simplified
normalisation, and "厦门市" is found as "厦门" + 市).  English names are
matched case-sensitively, as whole words.

A name here is evidence that a span is a place; it is never required
(``places.py`` accepts unknown names in the right grammar).  Names that are
also common words ("来宾" guests, "白银" silver, "安康" well-being, "东方",
"阿里") are left out on purpose.
"""

from __future__ import annotations

# --------------------------------------------------------------------------
# Chinese cities.
# --------------------------------------------------------------------------

# Municipalities and special administrative regions.
MUNICIPALITIES_ZH = ("北京", "上海", "天津", "重庆", "香港", "澳门")
# Prefecture-level cities and prefectures, province by province.
PREFECTURES_ZH = (
    # 河北 山西 内蒙古
    "石家庄", "唐山", "秦皇岛", "邯郸", "邢台", "保定", "张家口", "承德", "沧州", "廊坊",
    "衡水", "太原", "大同", "阳泉", "长治", "晋城", "朔州", "晋中", "运城", "忻州", "临汾",
    "吕梁", "呼和浩特", "包头", "乌海", "赤峰", "通辽", "鄂尔多斯", "呼伦贝尔", "巴彦淖尔",
    "乌兰察布",
    # 辽宁 吉林 黑龙江
    "沈阳", "大连", "鞍山", "抚顺", "本溪", "丹东", "锦州", "营口", "阜新", "辽阳", "盘锦",
    "铁岭", "朝阳", "葫芦岛", "长春", "吉林", "四平", "辽源", "通化", "白山", "松原", "白城",
    "延边", "哈尔滨", "齐齐哈尔", "鸡西", "鹤岗", "双鸭山", "大庆", "伊春", "佳木斯",
    "七台河", "牡丹江", "黑河", "绥化",
    # 江苏 浙江 安徽
    "南京", "无锡", "徐州", "常州", "苏州", "南通", "连云港", "淮安", "盐城", "扬州", "镇江",
    "泰州", "宿迁", "杭州", "宁波", "温州", "嘉兴", "湖州", "绍兴", "金华", "衢州", "舟山",
    "台州", "丽水", "合肥", "芜湖", "蚌埠", "淮南", "马鞍山", "淮北", "铜陵", "安庆", "黄山",
    "滁州", "阜阳", "宿州", "六安", "亳州", "池州", "宣城",
    # 福建 江西 山东
    "福州", "厦门", "莆田", "三明", "泉州", "漳州", "南平", "龙岩", "宁德", "南昌", "景德镇",
    "萍乡", "九江", "新余", "鹰潭", "赣州", "吉安", "宜春", "抚州", "上饶", "济南", "青岛",
    "淄博", "枣庄", "东营", "烟台", "潍坊", "济宁", "泰安", "威海", "日照", "临沂", "德州",
    "聊城", "滨州", "菏泽",
    # 河南 湖北 湖南
    "郑州", "开封", "洛阳", "平顶山", "安阳", "鹤壁", "新乡", "焦作", "濮阳", "许昌", "漯河",
    "三门峡", "南阳", "商丘", "信阳", "周口", "驻马店", "济源", "武汉", "黄石", "十堰", "宜昌",
    "襄阳", "鄂州", "荆门", "孝感", "荆州", "黄冈", "咸宁", "随州", "恩施", "仙桃", "潜江",
    "天门", "长沙", "株洲", "湘潭", "衡阳", "邵阳", "岳阳", "常德", "张家界", "益阳", "郴州",
    "永州", "怀化", "娄底", "湘西",
    # 广东 广西 海南
    "广州", "韶关", "深圳", "珠海", "汕头", "佛山", "江门", "湛江", "茂名", "肇庆", "惠州",
    "梅州", "汕尾", "河源", "阳江", "清远", "东莞", "中山", "潮州", "揭阳", "云浮", "南宁",
    "柳州", "桂林", "梧州", "北海", "防城港", "钦州", "贵港", "玉林", "百色", "贺州", "河池",
    "崇左", "海口", "三亚", "三沙", "儋州", "琼海", "文昌", "万宁", "五指山",
    # 四川 贵州 云南 西藏
    "成都", "自贡", "攀枝花", "泸州", "德阳", "绵阳", "广元", "遂宁", "内江", "乐山", "南充",
    "眉山", "宜宾", "广安", "达州", "雅安", "巴中", "资阳", "阿坝", "甘孜", "凉山", "贵阳",
    "六盘水", "遵义", "安顺", "毕节", "铜仁", "黔东南", "黔南", "黔西南", "昆明", "曲靖",
    "玉溪", "保山", "昭通", "丽江", "普洱", "临沧", "楚雄", "红河", "文山", "西双版纳", "大理",
    "德宏", "怒江", "迪庆", "拉萨", "日喀则", "昌都", "林芝", "山南", "那曲",
    # 陕西 甘肃 青海 宁夏 新疆
    "西安", "铜川", "宝鸡", "咸阳", "渭南", "延安", "汉中", "榆林", "商洛", "杨凌", "兰州",
    "嘉峪关", "金昌", "天水", "武威", "张掖", "平凉", "酒泉", "庆阳", "定西", "陇南", "临夏",
    "甘南", "西宁", "海东", "玉树", "银川", "石嘴山", "吴忠", "固原", "中卫", "乌鲁木齐",
    "克拉玛依", "吐鲁番", "哈密", "昌吉", "阿克苏", "喀什", "和田", "伊犁", "塔城", "阿勒泰",
    "石河子",
    # 台湾
    "台北", "新北", "桃园", "台中", "台南", "高雄", "基隆", "新竹", "嘉义", "苗栗", "彰化",
    "南投", "云林", "屏东", "宜兰", "花莲", "台东", "澎湖", "金门", "连江",
)  # fmt: skip
# County-level cities and towns that often host conferences and expos.
TOWNS_ZH = (
    "义乌", "昆山", "江阴", "张家港", "常熟", "太仓", "晋江", "石狮", "博鳌", "乌镇",
    "峨眉山", "都江堰", "瑞金", "井冈山", "延吉", "满洲里", "绥芬河", "敦煌", "格尔木",
    "库尔勒", "景洪", "瑞丽", "腾冲", "武夷山", "海宁", "桐乡", "诸暨", "慈溪", "余姚",
    "乐清", "瑞安", "永康", "东阳", "临海", "温岭", "德清", "安吉", "长兴", "宜兴", "溧阳",
    "丹阳", "泰兴", "如皋", "海门", "启东", "邳州", "新沂", "寿光", "青州", "曲阜", "荣成",
    "龙口", "莱阳", "胶州", "即墨", "平度", "禹州", "巩义", "新郑", "登封", "浏阳", "醴陵",
    "韶山", "恩平", "台山", "开平", "普宁", "陆丰", "英德", "樟树", "庐山", "婺源", "陇西",
    "岷县", "安国", "亚布力", "二连浩特", "阿尔山", "凭祥", "东兴", "阳朔", "北流",
)  # fmt: skip
# Districts, new areas and zones often named without their suffix.
DISTRICTS_ZH = (
    "浦东", "张江", "临港", "虹桥", "闵行", "宝山", "嘉定", "松江", "青浦", "奉贤", "金山",
    "徐汇", "长宁", "静安", "普陀", "黄浦", "杨浦", "崇明", "海淀", "中关村", "亦庄",
    "大兴", "昌平", "顺义", "通州", "怀柔", "房山", "丰台", "石景山", "门头沟", "西城",
    "东城", "雄安", "滨海", "前海", "南山", "福田", "罗湖", "宝安", "龙岗", "龙华",
    "坪山", "南沙", "黄埔", "番禺", "天河", "白云", "越秀", "海珠", "花都", "从化", "增城",
    "横琴", "光谷", "两江", "天府", "江北", "滨江", "萧山", "余杭", "钱塘",
    "西湖", "拱墅", "上城", "临平", "鼓楼", "玄武", "秦淮", "建邺", "栖霞", "雨花台",
    "江宁", "浦口", "六合", "溧水", "高淳", "思明", "湖里", "集美", "海沧",
    "翔安", "同安", "罗店", "南港", "内湖", "信义", "中环", "湾仔", "九龙", "沙田", "科学城",
)  # fmt: skip
# One-character names of cities: "在沪举行" (Shanghai), "在京召开" (Beijing).
CITY_ABBREVIATIONS_ZH = {
    "京": "北京",
    "沪": "上海",
    "津": "天津",
    "渝": "重庆",
    "穗": "广州",
    "蓉": "成都",
    "榕": "福州",
    "甬": "宁波",
    "杭": "杭州",
    "汉": "武汉",
    "宁": "南京",
    "港": "香港",
    "澳": "澳门",
    "邕": "南宁",
    "筑": "贵阳",
    "昆": "昆明",
    "厦": "厦门",
    "深": "深圳",
    "鹏城": "深圳",
    "羊城": "广州",
    "鹭岛": "厦门",
    "泉城": "济南",
    "星城": "长沙",
    "江城": "武汉",
    "春城": "昆明",
    "冰城": "哈尔滨",
    "榕城": "福州",
    "蓉城": "成都",
    "山城": "重庆",
    "鹿城": "温州",
}
# Cities abroad, as Chinese news writes them.
WORLD_CITIES_ZH = (
    "伦敦", "巴黎", "柏林", "慕尼黑", "法兰克福", "汉堡", "杜塞尔多夫", "科隆", "维也纳",
    "日内瓦", "苏黎世", "巴塞尔", "米兰", "罗马", "马德里", "巴塞罗那", "里斯本", "阿姆斯特丹",
    "鹿特丹", "布鲁塞尔", "哥本哈根", "斯德哥尔摩", "奥斯陆", "赫尔辛基", "都柏林", "爱丁堡",
    "曼彻斯特", "华沙", "布拉格", "布达佩斯", "雅典", "伊斯坦布尔", "莫斯科", "圣彼得堡",
    "明斯克", "华盛顿", "纽约", "波士顿", "芝加哥", "旧金山", "洛杉矶", "圣地亚哥", "西雅图",
    "休斯敦", "达拉斯", "亚特兰大", "迈阿密", "奥兰多", "费城", "拉斯维加斯", "多伦多",
    "温哥华", "蒙特利尔", "渥太华", "墨西哥城", "圣保罗", "里约热内卢", "布宜诺斯艾利斯",
    "东京", "大阪", "京都", "横滨", "名古屋", "首尔", "釜山", "仁川", "新加坡", "吉隆坡",
    "曼谷", "雅加达", "马尼拉", "河内", "胡志明市", "万象", "金边", "仰光", "达卡", "加德满都",
    "科伦坡", "卡拉奇", "伊斯兰堡", "新德里", "孟买", "迪拜", "阿布扎比", "多哈", "利雅得",
    "吉达", "马斯喀特", "德黑兰", "特拉维夫", "开罗", "内罗毕", "拉各斯", "阿克拉",
    "约翰内斯堡", "开普敦", "亚的斯亚贝巴", "悉尼", "墨尔本", "布里斯班", "珀斯", "堪培拉",
    "奥克兰", "惠灵顿", "阿斯塔纳", "阿拉木图", "塔什干", "乌兰巴托", "符拉迪沃斯托克",
)  # fmt: skip
CITIES_ZH = MUNICIPALITIES_ZH + PREFECTURES_ZH + TOWNS_ZH + WORLD_CITIES_ZH

# --------------------------------------------------------------------------
# English names of cities.
# --------------------------------------------------------------------------

CHINESE_CITIES_EN = (
    "Beijing", "Shanghai", "Tianjin", "Chongqing", "Hong Kong", "Macau", "Macao", "Guangzhou",
    "Shenzhen", "Zhuhai", "Foshan", "Dongguan", "Zhongshan", "Shantou", "Huizhou", "Zhaoqing",
    "Jiangmen", "Zhanjiang", "Xiamen", "Fuzhou", "Quanzhou", "Zhangzhou", "Hangzhou", "Ningbo",
    "Wenzhou", "Shaoxing", "Jiaxing", "Huzhou", "Jinhua", "Yiwu", "Taizhou", "Zhoushan",
    "Wuzhen", "Nanjing", "Suzhou", "Wuxi", "Changzhou", "Nantong", "Yangzhou", "Xuzhou",
    "Lianyungang", "Kunshan", "Hefei", "Wuhu", "Bozhou", "Jinan", "Qingdao", "Yantai", "Weihai",
    "Weifang", "Zibo", "Linyi", "Jining", "Rizhao", "Zhengzhou", "Luoyang", "Kaifeng", "Wuhan",
    "Yichang", "Xiangyang", "Changsha", "Zhuzhou", "Xiangtan", "Nanchang", "Ganzhou", "Jiujiang",
    "Chengdu", "Mianyang", "Yibin", "Leshan", "Luzhou", "Guiyang", "Zunyi", "Kunming", "Dali",
    "Lijiang", "Nanning", "Guilin", "Liuzhou", "Beihai", "Haikou", "Sanya", "Boao", "Qionghai",
    "Xi'an", "Xi’an", "Xian", "Baoji", "Xianyang", "Yan'an", "Lanzhou", "Tianshui", "Dunhuang",
    "Xining", "Yinchuan", "Urumqi", "Lhasa", "Hohhot", "Baotou", "Taiyuan", "Datong",
    "Shijiazhuang", "Tangshan", "Baoding", "Langfang", "Cangzhou", "Xiong'an", "Xiongan",
    "Shenyang", "Dalian", "Anshan", "Changchun", "Harbin", "Daqing", "Taipei", "New Taipei",
    "Kaohsiung", "Taichung", "Tainan", "Hsinchu", "Taoyuan", "Keelung", "Yancheng", "Huai'an",
    "Zhenjiang", "Suqian", "Anqing", "Bengbu", "Ma'anshan", "Quzhou", "Lishui", "Putian",
    "Longyan", "Ningde", "Ji'nan", "Dongying", "Tai'an", "Liaocheng", "Dezhou", "Heze",
    "Anyang", "Xinxiang", "Nanyang", "Shangqiu", "Xinyang", "Jingzhou", "Shiyan", "Yueyang",
    "Hengyang", "Changde", "Chenzhou", "Zigong", "Deyang", "Nanchong", "Dazhou", "Ya'an",
    "Qujing", "Yuxi", "Xishuangbanna", "Jinghong", "Qinhuangdao", "Handan", "Chengde",
    "Zhangjiakou", "Jinzhou", "Yingkou", "Dandong", "Jilin City", "Qiqihar", "Mudanjiang",
    "Jiamusi", "Kashgar", "Korla", "Karamay", "Yulin", "Hanzhong", "Yan’an",
)  # fmt: skip
WORLD_CITIES_EN = (
    # Europe
    "London", "Paris", "Berlin", "Munich", "Frankfurt", "Hamburg", "Cologne", "Düsseldorf",
    "Dusseldorf", "Hanover", "Stuttgart", "Heidelberg", "Vienna", "Zurich", "Geneva", "Basel",
    "Lausanne", "Milan", "Rome", "Turin", "Bologna", "Florence", "Madrid", "Barcelona",
    "Valencia", "Lisbon", "Porto", "Amsterdam", "Rotterdam", "The Hague", "Utrecht", "Brussels",
    "Antwerp", "Luxembourg", "Copenhagen", "Stockholm", "Gothenburg", "Oslo", "Helsinki",
    "Reykjavik", "Dublin", "Edinburgh", "Glasgow", "Manchester", "Birmingham", "Liverpool",
    "Cambridge", "Oxford", "Bristol", "Leeds", "Belfast", "Cardiff", "Warsaw", "Krakow",
    "Prague", "Budapest", "Bucharest", "Sofia", "Belgrade", "Zagreb", "Ljubljana", "Athens",
    "Istanbul", "Ankara", "Moscow", "Saint Petersburg", "St. Petersburg", "Kyiv", "Kiev",
    "Minsk", "Vilnius", "Riga", "Tallinn", "Monaco", "Nice", "Lyon", "Marseille", "Strasbourg",
    "Toulouse",
    # Americas
    "New York", "New York City", "Washington", "Boston", "Chicago", "San Francisco",
    "Los Angeles", "San Diego", "San Jose", "Seattle", "Houston", "Dallas", "Austin",
    "Atlanta", "Miami", "Orlando", "Philadelphia", "Las Vegas", "New Orleans", "Denver",
    "Minneapolis", "Baltimore", "Pittsburgh", "Detroit", "Cleveland", "Nashville", "Phoenix",
    "Salt Lake City", "Portland", "Toronto", "Vancouver", "Montreal", "Ottawa", "Calgary",
    "Mexico City", "São Paulo", "Sao Paulo", "Rio de Janeiro", "Buenos Aires", "Santiago",
    "Lima", "Bogota", "Bogotá", "Havana", "Panama City",
    # Asia
    "Tokyo", "Osaka", "Kyoto", "Yokohama", "Nagoya", "Kobe", "Fukuoka", "Sapporo", "Seoul",
    "Busan", "Incheon", "Singapore", "Kuala Lumpur", "Penang", "Bangkok", "Jakarta", "Bali",
    "Surabaya", "Manila", "Hanoi", "Ho Chi Minh City", "Da Nang", "Vientiane", "Phnom Penh",
    "Yangon", "Dhaka", "Kathmandu", "Colombo", "Karachi", "Lahore", "Islamabad", "Mumbai",
    "New Delhi", "Delhi", "Chennai", "Kolkata", "Bengaluru", "Bangalore", "Hyderabad", "Pune",
    "Ahmedabad", "Jaipur", "Lucknow", "Kochi", "Bhubaneswar", "Guwahati", "Chandigarh",
    "Nagpur", "Indore", "Bhopal", "Patna", "Ranchi", "Thiruvananthapuram", "Coimbatore",
    "Visakhapatnam", "Vadodara", "Surat", "Gandhinagar", "Jamnagar", "Dehradun", "Kottayam",
    "Astana", "Almaty", "Tashkent", "Bishkek", "Ulaanbaatar", "Ulan Bator", "Vladivostok",
    "Dubai", "Abu Dhabi", "Sharjah", "Doha", "Riyadh", "Jeddah", "Muscat", "Kuwait City",
    "Manama", "Tehran", "Tel Aviv", "Jerusalem", "Amman", "Beirut", "Baghdad",
    # Africa, Oceania
    "Cairo", "Alexandria", "Casablanca", "Rabat", "Tunis", "Algiers", "Nairobi", "Lagos",
    "Abuja", "Accra", "Kumasi", "Johannesburg", "Cape Town", "Durban", "Pretoria",
    "Addis Ababa", "Kigali", "Dakar", "Kampala", "Dar es Salaam", "Lusaka", "Harare",
    "Sydney", "Melbourne", "Brisbane", "Perth", "Adelaide", "Canberra", "Gold Coast",
    "Auckland", "Wellington", "Christchurch",
)  # fmt: skip
CITIES_EN = CHINESE_CITIES_EN + WORLD_CITIES_EN

# --------------------------------------------------------------------------
# Too wide to be a place: countries, provinces, states, regions.
# --------------------------------------------------------------------------

COUNTRIES_EN = (
    "China", "People's Republic of China", "PRC", "Chinese mainland", "mainland China",
    "India", "Japan", "Korea", "South Korea", "North Korea", "United States", "US", "U.S.",
    "USA", "U.S.A.", "America", "United Kingdom", "UK", "U.K.", "Britain", "Great Britain",
    "England", "Scotland", "Wales", "Ireland", "France", "Germany", "Italy", "Spain",
    "Portugal", "Netherlands", "The Netherlands", "Belgium", "Switzerland", "Austria",
    "Sweden", "Norway", "Denmark", "Finland", "Iceland", "Poland", "Czech Republic",
    "Czechia", "Hungary", "Romania", "Bulgaria", "Serbia", "Croatia", "Greece", "Russia",
    "Ukraine", "Belarus", "Turkey", "Türkiye", "Israel", "Iran", "Iraq", "Jordan", "Lebanon",
    "Syria", "Saudi Arabia", "UAE", "U.A.E.", "United Arab Emirates", "Qatar", "Oman",
    "Kuwait", "Bahrain", "Yemen", "Egypt", "Morocco", "Algeria", "Tunisia", "Libya",
    "Nigeria", "Kenya", "Ghana", "Ethiopia", "South Africa", "Rwanda", "Uganda", "Tanzania",
    "Zambia", "Zimbabwe", "Senegal", "Australia", "New Zealand", "Canada", "Mexico",
    "Brazil", "Argentina", "Chile", "Peru", "Colombia", "Venezuela", "Cuba", "Pakistan",
    "Bangladesh", "Sri Lanka", "Nepal", "Bhutan", "Maldives", "Vietnam", "Viet Nam",
    "Thailand", "Malaysia", "Indonesia", "Philippines", "Cambodia", "Laos", "Lao PDR",
    "Myanmar", "Brunei", "Mongolia", "Kazakhstan", "Uzbekistan", "Kyrgyzstan", "Tajikistan",
    "Turkmenistan", "Afghanistan", "Taiwan", "Mauritius",
)  # fmt: skip
REGIONS_EN = (
    "Africa", "Asia", "Europe", "Oceania", "Antarctica", "Middle East", "Near East",
    "Far East", "North Africa", "East Africa", "West Africa", "Sub-Saharan Africa", "MENA",
    "Gulf", "Persian Gulf", "Arabian Gulf", "GCC", "Asia-Pacific", "Asia Pacific", "APAC",
    "Southeast Asia", "South Asia", "East Asia", "Central Asia", "West Asia", "Eurasia",
    "Latin America", "North America", "South America", "Central America", "Americas",
    "Caribbean", "Scandinavia", "Balkans", "ASEAN", "EU", "European Union", "Greater Bay Area",
    "Guangdong-Hong Kong-Macao Greater Bay Area", "Yangtze River Delta", "Pearl River Delta",
    "Beijing-Tianjin-Hebei", "mainland", "Mainland", "Belt and Road", "world", "World",
    "globe", "Northeast China", "Northwest China", "Southwest China", "Southeast China",
    "North China", "South China", "East China", "Central China", "West China",
)  # fmt: skip
PROVINCES_EN = (
    # China
    "Anhui", "Fujian", "Gansu", "Guangdong", "Guangxi", "Guizhou", "Hainan", "Hebei",
    "Heilongjiang", "Henan", "Hubei", "Hunan", "Inner Mongolia", "Jiangsu", "Jiangxi",
    "Liaoning", "Ningxia", "Qinghai", "Shaanxi", "Shanxi", "Shandong", "Sichuan", "Tibet",
    "Xinjiang", "Yunnan", "Zhejiang",
    # India
    "Gujarat", "Maharashtra", "Odisha", "Orissa", "Kerala", "Tamil Nadu", "Karnataka",
    "Telangana", "Andhra Pradesh", "Uttar Pradesh", "Bihar", "West Bengal", "Rajasthan",
    "Punjab", "Haryana", "Assam", "Jharkhand", "Madhya Pradesh", "Uttarakhand",
    "Himachal Pradesh", "Chhattisgarh", "Goa",
    # United States, Canada, Australia
    "California", "Texas", "Florida", "Massachusetts", "Illinois", "Ohio", "Pennsylvania",
    "Michigan", "Virginia", "Maryland", "Arizona", "Colorado", "Minnesota", "Oregon",
    "Nevada", "Utah", "North Carolina", "South Carolina", "New Jersey", "Tennessee",
    "Wisconsin", "Missouri", "Indiana", "Connecticut", "Kentucky", "Louisiana", "Alabama",
    "Iowa", "Kansas", "Oklahoma", "Hawaii", "Alaska", "Ontario", "Quebec", "British Columbia",
    "Alberta", "Manitoba", "Nova Scotia", "New South Wales", "Queensland", "Victoria",
    "Western Australia", "Tasmania",
)  # fmt: skip
# Last words that make a name a wide area: "Anhui Province", "Asia-Pacific region".
WIDE_ENDINGS_EN = (
    "province", "provinces", "region", "regions", "autonomous region", "state", "states",
    "country", "countries", "continent", "nation", "nations", "municipality", "prefecture",
)  # fmt: skip
WIDE_ZH = (
    # countries and wide areas
    "中国", "全国", "国内", "国外", "海外", "境内", "境外", "全球", "世界", "大陆", "内地",
    "美国", "日本", "韩国", "英国", "法国", "德国", "意大利", "西班牙", "俄罗斯", "印度",
    "澳大利亚", "加拿大", "新加坡共和国", "泰国", "越南", "马来西亚", "印尼", "菲律宾",
    "葡萄牙", "荷兰", "比利时", "瑞士", "瑞典", "挪威", "丹麦", "芬兰", "奥地利", "波兰",
    "希腊", "土耳其", "以色列", "伊朗", "沙特", "沙特阿拉伯", "阿联酋", "卡塔尔", "埃及",
    "南非", "肯尼亚", "尼日利亚", "巴西", "阿根廷", "墨西哥", "智利", "秘鲁", "新西兰",
    "巴基斯坦", "孟加拉国", "斯里兰卡", "尼泊尔", "老挝", "柬埔寨", "缅甸", "蒙古",
    "哈萨克斯坦", "乌兹别克斯坦", "欧洲", "亚洲", "非洲", "美洲", "北美", "拉美", "中东",
    "东南亚", "东盟", "欧盟",
    "大湾区", "粤港澳大湾区", "长三角", "珠三角", "京津冀", "成渝", "一带一路", "东北",
    "西北", "西南", "华东", "华南", "华北", "华中", "中西部",
    # provinces and autonomous regions
    "河北", "山西", "辽宁", "黑龙江", "江苏", "浙江", "安徽", "福建", "江西", "山东", "河南",
    "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海", "台湾",
    "内蒙古", "广西", "西藏", "宁夏", "新疆",
)  # fmt: skip
WIDE_SUFFIXES_ZH = ("省", "自治区", "特别行政区")
