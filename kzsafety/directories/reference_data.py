"""The default lists of DOMAIN.md and CONTRACTS.md, loaded by a data migration.
Administrators may extend them; the keys are what imports and reports rely on."""

# (KATO code, Kazakh, Russian, English)
REGIONS = [
    ("10", "Абай облысы", "Область Абай", "Abai Region"),
    ("11", "Ақмола облысы", "Акмолинская область", "Akmola Region"),
    ("15", "Ақтөбе облысы", "Актюбинская область", "Aktobe Region"),
    ("19", "Алматы облысы", "Алматинская область", "Almaty Region"),
    ("23", "Атырау облысы", "Атырауская область", "Atyrau Region"),
    ("27", "Батыс Қазақстан облысы", "Западно-Казахстанская область", "West Kazakhstan Region"),
    ("31", "Жамбыл облысы", "Жамбылская область", "Jambyl Region"),
    ("33", "Жетісу облысы", "Область Жетісу", "Jetisu Region"),
    ("35", "Қарағанды облысы", "Карагандинская область", "Karaganda Region"),
    ("39", "Қостанай облысы", "Костанайская область", "Kostanay Region"),
    ("43", "Қызылорда облысы", "Кызылординская область", "Kyzylorda Region"),
    ("47", "Маңғыстау облысы", "Мангистауская область", "Mangystau Region"),
    ("55", "Павлодар облысы", "Павлодарская область", "Pavlodar Region"),
    ("59", "Солтүстік Қазақстан облысы", "Северо-Казахстанская область", "North Kazakhstan Region"),
    ("61", "Түркістан облысы", "Туркестанская область", "Turkestan Region"),
    ("62", "Ұлытау облысы", "Область Ұлытау", "Ulytau Region"),
    ("63", "Шығыс Қазақстан облысы", "Восточно-Казахстанская область", "East Kazakhstan Region"),
    ("71", "Астана қаласы", "город Астана", "Astana city"),
    ("75", "Алматы қаласы", "город Алматы", "Almaty city"),
    ("79", "Шымкент қаласы", "город Шымкент", "Shymkent city"),
]

# (key, Kazakh, Russian, English, budget sphere)
SECTORS = [
    ("state_banking", "Мемлекеттік және банк мекемелері",
     "Государственные и банковские учреждения", "State and banking institutions", True),
    ("education_science", "Білім, ғылым және жоғары білім",
     "Образование, наука и высшее образование", "Education, science and higher education", True),
    ("healthcare", "Денсаулық сақтау", "Здравоохранение", "Healthcare", True),
    ("culture_sport", "Мәдениет және спорт", "Культура и спорт", "Culture and sport", True),
    ("armed_forces", "Қарулы Күштер", "Вооружённые силы", "Armed forces", True),
    ("sme", "Шағын және орта бизнес", "Малый и средний бизнес", "Small and medium business", False),
    ("agriculture", "Ауыл шаруашылығы", "Сельское хозяйство", "Agriculture", False),
    ("road_transport", "Автомобиль көлігі", "Автомобильный транспорт", "Road transport", False),
    ("rail_transport", "Темір жол көлігі", "Железнодорожный транспорт", "Rail transport", False),
    ("construction_housing", "Құрылыс және тұрғын үй-коммуналдық шаруашылық",
     "Строительство и жилищно-коммунальное хозяйство", "Construction and housing utilities",
     False),
    ("oil_gas", "Мұнай-газ кешені", "Нефтегазовый комплекс", "Oil and gas", False),
    ("mining_metallurgy", "Тау-кен металлургия кешені", "Горно-металлургический комплекс",
     "Mining and metallurgy", False),
    ("coal", "Көмір өнеркәсібі", "Угольная промышленность", "Coal", False),
    ("energy", "Энергетика", "Энергетика", "Energy", False),
    ("communications", "Байланыс", "Связь", "Communications", False),
    ("other", "Басқа салалар", "Прочие отрасли", "Other", False),
]

# ОКЭД sections (NACE Rev.2): (letter, Kazakh, Russian, English)
OKED_SECTIONS = [
    ("A", "Ауыл, орман және балық шаруашылығы", "Сельское, лесное и рыбное хозяйство",
     "Agriculture, forestry and fishing"),
    ("B", "Тау-кен өндіру өнеркәсібі және карьерлерді қазу",
     "Горнодобывающая промышленность и разработка карьеров", "Mining and quarrying"),
    ("C", "Өңдеу өнеркәсібі", "Обрабатывающая промышленность", "Manufacturing"),
    ("D", "Электр энергиясымен, газбен, бумен, ыстық сумен және ауаны кондициялаумен жабдықтау",
     "Электроснабжение, подача газа, пара и воздушное кондиционирование",
     "Electricity, gas, steam and air conditioning supply"),
    ("E", "Сумен жабдықтау; кәріз жүйесі, қалдықтардың жиналуын және таратылуын бақылау",
     "Водоснабжение; водоотведение; сбор, обработка и удаление отходов",
     "Water supply; sewerage, waste management and remediation"),
    ("F", "Құрылыс", "Строительство", "Construction"),
    ("G", "Көтерме және бөлшек сауда; автомобильдер мен мотоциклдерді жөндеу",
     "Оптовая и розничная торговля; ремонт автомобилей и мотоциклов",
     "Wholesale and retail trade; repair of motor vehicles and motorcycles"),
    ("H", "Көлік және қоймалау", "Транспорт и складирование", "Transportation and storage"),
    ("I", "Тұру және тамақтану бойынша қызметтер", "Услуги по проживанию и питанию",
     "Accommodation and food service activities"),
    ("J", "Ақпарат және байланыс", "Информация и связь", "Information and communication"),
    ("K", "Қаржы және сақтандыру қызметі", "Финансовая и страховая деятельность",
     "Financial and insurance activities"),
    ("L", "Жылжымайтын мүлікпен операциялар", "Операции с недвижимым имуществом",
     "Real estate activities"),
    ("M", "Кәсіби, ғылыми және техникалық қызмет",
     "Профессиональная, научная и техническая деятельность",
     "Professional, scientific and technical activities"),
    ("N", "Әкімшілік және қосалқы қызмет көрсету саласындағы қызмет",
     "Деятельность в области административного и вспомогательного обслуживания",
     "Administrative and support service activities"),
    ("O", "Мемлекеттік басқару және қорғаныс; міндетті әлеуметтік қамсыздандыру",
     "Государственное управление и оборона; обязательное социальное обеспечение",
     "Public administration and defence; compulsory social security"),
    ("P", "Білім беру", "Образование", "Education"),
    ("Q", "Денсаулық сақтау және халыққа әлеуметтік қызмет көрсету",
     "Здравоохранение и социальные услуги", "Human health and social work activities"),
    ("R", "Өнер, ойын-сауық және демалыс", "Искусство, развлечения и отдых",
     "Arts, entertainment and recreation"),
    ("S", "Өзге де қызмет түрлерін ұсыну", "Предоставление прочих видов услуг",
     "Other service activities"),
    ("T", "Үй шаруашылықтарының жалдамалы жұмыскер ретіндегі қызметі",
     "Деятельность домашних хозяйств как работодателей", "Activities of households as employers"),
    ("U", "Экстерриториялық ұйымдар мен органдардың қызметі",
     "Деятельность экстерриториальных организаций и органов",
     "Activities of extraterritorial organisations and bodies"),
]

# (key, Kazakh, Russian, English)
CAUSES = [
    ("work_organisation", "Жұмысты ұйымдастырудың қанағаттанарлықсыз болуы",
     "Неудовлетворительная организация производства работ",
     "Unsatisfactory organisation of work"),
    ("victim_negligence", "Зардап шеккеннің өрескел абайсыздығы",
     "Грубая неосторожность пострадавшего", "Gross negligence of the victim"),
    ("safety_rules_violation", "Қауіпсіздік және еңбекті қорғау қағидаларын бұзу",
     "Нарушение правил безопасности и охраны труда",
     "Violation of safety and labour-protection rules"),
    ("traffic_rules_violation", "Жол жүрісі қағидаларын бұзу",
     "Нарушение правил дорожного движения", "Violation of road traffic rules"),
    ("training_shortcomings", "Қауіпсіз еңбек тәсілдеріне оқытудағы кемшіліктер",
     "Недостатки в обучении безопасным приёмам труда",
     "Shortcomings in training in safe methods"),
    ("equipment_defects", "Жабдықтың, ғимараттардың, құралдардың техникалық жағдайының нашарлығы",
     "Неудовлетворительное техническое состояние оборудования, зданий, инструментов",
     "Poor technical state of equipment, buildings or tools"),
    ("imperfect_process", "Технологиялық процестің жетілмегендігі",
     "Несовершенство технологического процесса", "Imperfect technological process"),
    ("ppe_not_used", "Жеке қорғану құралдарының болмауы немесе қолданылмауы",
     "Отсутствие или неприменение средств индивидуальной защиты",
     "Lack or non-use of protective equipment"),
    ("third_party", "Үшінші тұлғалардың әрекеттері", "Действия третьих лиц",
     "Actions of third parties"),
    ("natural", "Табиғи себептер", "Природные факторы", "Natural causes"),
    ("other", "Басқа себептер", "Прочие причины", "Other"),
]

# (key, Kazakh, Russian, English, ESAW code: left for an administrator to map)
EVENT_TYPES = [
    ("road_accident", "Жол-көлік оқиғасы", "Дорожно-транспортное происшествие",
     "Road accident", ""),
    ("fall_from_height", "Биіктіктен құлау", "Падение с высоты", "Fall from height", ""),
    ("falling_objects", "Заттардың құлауы немесе опырылуы", "Падение, обрушение предметов",
     "Falling or collapsing objects", ""),
    ("moving_machinery", "Қозғалатын немесе айналатын механизмдер",
     "Движущиеся, вращающиеся механизмы", "Moving or rotating machinery", ""),
    ("electric_shock", "Электр тогының соғуы", "Поражение электрическим током",
     "Electric shock", ""),
    ("extreme_temperature", "Төтенше температура, өрт немесе күйік",
     "Экстремальные температуры, пожар, ожоги", "Extreme temperature, fire or burns", ""),
    ("harmful_substances", "Зиянды заттар немесе улану", "Вредные вещества, отравление",
     "Harmful substances or poisoning", ""),
    ("explosion", "Жарылыс", "Взрыв", "Explosion", ""),
    ("drowning", "Суға бату", "Утопление", "Drowning", ""),
    ("physical_overload", "Физикалық шамадан тыс жүктеме", "Физические перегрузки",
     "Physical overload", ""),
    ("violence", "Зорлық-зомбылық", "Насилие", "Violence", ""),
    ("animals", "Жануарлар", "Животные", "Animals", ""),
    ("natural_disaster", "Табиғи апат", "Стихийное бедствие", "Natural disaster", ""),
    ("other", "Басқа", "Прочее", "Other", ""),
]

VIOLATION_CATEGORIES = [
    ("ppe", "Жеке қорғану құралдары", "Средства индивидуальной защиты",
     "Personal protective equipment"),
    ("machine_guarding", "Машиналар мен жабдықтардың қоршаулары",
     "Ограждения машин и оборудования", "Machine guarding"),
    ("electrical_safety", "Электр қауіпсіздігі", "Электробезопасность", "Electrical safety"),
    ("work_at_height", "Биіктіктегі жұмыстар", "Работы на высоте", "Work at height"),
    ("fire_safety", "Өрт қауіпсіздігі", "Пожарная безопасность", "Fire safety"),
    ("sanitary_conditions", "Санитарлық-тұрмыстық жағдайлар", "Санитарно-бытовые условия",
     "Sanitary conditions"),
    ("training_briefing", "Оқыту және нұсқама беру", "Обучение и инструктажи",
     "Training and briefing"),
    ("documentation", "Еңбекті қорғау құжаттамасы", "Документация по охране труда",
     "Documentation"),
    ("other", "Басқа", "Прочее", "Other"),
]


def load(apps) -> None:
    """Create or refresh the default entries; safe to run again (keys are stable)."""
    get = apps.get_model
    for code, kk, ru, en in REGIONS:
        get("directories", "Region").objects.update_or_create(
            code=code, defaults={"name_kk": kk, "name_ru": ru, "name_en": en}
        )
    for code, kk, ru, en in OKED_SECTIONS:
        get("directories", "OkedSection").objects.update_or_create(
            code=code, defaults={"name_kk": kk, "name_ru": ru, "name_en": en}
        )
    for position, (key, kk, ru, en, budget) in enumerate(SECTORS):
        get("directories", "Sector").objects.update_or_create(
            key=key,
            defaults={"name_kk": kk, "name_ru": ru, "name_en": en, "budget": budget,
                      "position": position},
        )
    for model, rows in (("Cause", CAUSES), ("ViolationCategory", VIOLATION_CATEGORIES)):
        for position, (key, kk, ru, en) in enumerate(rows):
            get("directories", model).objects.update_or_create(
                key=key,
                defaults={"name_kk": kk, "name_ru": ru, "name_en": en, "position": position},
            )
    for position, (key, kk, ru, en, esaw) in enumerate(EVENT_TYPES):
        get("directories", "EventType").objects.update_or_create(
            key=key,
            defaults={"name_kk": kk, "name_ru": ru, "name_en": en, "esaw_code": esaw,
                      "position": position},
        )
