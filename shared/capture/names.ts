/**
 * Is this text a person's name, a job title, or neither? Everything downstream trusts these two
 * answers, so they err on the side of "no": a missed contact costs a rep one manual entry, a
 * "Read More" contact costs their trust in the capture button.
 */

// The ~250 most common Chinese family names (single and compound). A CJK name must start with
// one: without this, any two-character word on a Chinese page ("产品", "新闻") would pass.
const COMPOUND_SURNAMES = [
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '轩辕',
  '令狐',
  '端木',
  '西门',
  '南宫',
  '独孤',
  '百里',
];
const SINGLE_SURNAMES = new Set(
  Array.from(
    '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由',
  ),
);

// Characters that occur in page words ("销售总监", "联系我们", "有限公司") and almost never in a
// given name. Checked after the surname, so 高/安/国 as a family name still passes.
const NON_NAME_CHARS = new Set(
  Array.from(
    '的了是在与及或我们你您他她它这那部司理监务销售场电话邮箱址号路区市省室楼层厦页品服新闻系于团队技术工程主管任助专员顾问董事裁创始合伙负责代表经限集欢迎更多查看详情级深首席副总办营业时间际解决方案例加入申请下载登录注册中心网站首关购买价格产业政策隐私条款版权所有客户招聘联络处分厂店铺直线座机传真微信箱址',
  ),
);

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/** True for 2–4 CJK characters that read as a Chinese full name, family name first. */
export function isChineseName(text: string): boolean {
  const chars = Array.from(text);
  if (chars.length < 2 || chars.length > 4) return false;
  if (!chars.every((c) => CJK.test(c))) return false;
  const compound = COMPOUND_SURNAMES.some((s) => text.startsWith(s));
  if (!compound && !SINGLE_SURNAMES.has(chars[0] ?? '')) return false;
  if (compound && chars.length < 3) return false;
  // A family name that is also a page word's first character (顾 of 顾问, 董 of 董事) does not
  // make a three-character name a page word: 顾振华 is a name, 顾问 (two) is not.
  const checked = chars.length >= 3 ? chars.slice(compound ? 2 : 1) : chars;
  return !checked.some((c) => NON_NAME_CHARS.has(c));
}

// Honorifics, degrees and post-nominals are not part of the name a rep files; they are kept as
// written (ParsedName.honorifics) so the rep still sees them. Compared without case and dots:
// "Ph.D." and "PhD" are one entry, "Dipl.-Ing." is "dipl-ing".

/** Written before a name: salutations, academic and professional titles. */
const PREFIX_HONORIFICS = new Set([
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'dr',
  'prof',
  'professor',
  'sir',
  'dame',
  'herr',
  'herrn',
  'frau',
  'mme',
  'mlle',
  'madame',
  'monsieur',
  'mademoiselle',
  'señor',
  'señora',
  'señorita',
  'sr',
  'sra',
  'srta',
  'doña',
  'dña',
  // Vietnamese "Mr" and "Mrs": "Ông Nguyễn Văn An", "Bà Trần Thị Lan".
  'ông',
  'bà',
  // Spain's "Doña" abbreviated, as an aviso legal writes it ("Dª Ana Ruiz Soto").
  'dª',
  'lic',
  'licda',
  'arq',
  // French lawyers and notaries: "Me Hélène Morel" (Maître).
  'me',
  'maître',
  'maitre',
  'avv',
  'dott',
  'dottssa',
  'dottoressa',
  'ing',
  'ir',
  'mag',
  'rev',
  'revd',
  'reverend',
  'cllr',
  'dra',
  'dr-a',
  'drs',
  'dres',
  'dipl-ing',
  'dipl-kfm',
  'dipl-kff',
  'dipl-kffr',
  'dipl-psych',
  'dipl-betriebsw',
  'rndr',
  'judr',
  'mudr',
  'phdr',
  'mgr',
  'dipl-inf',
  'dipl-phys',
  'dipl-chem',
  'dipl-math',
  'dipl-oec',
  'dipl-wirt-ing',
  'dr-ing',
  'dr-med',
  'univ-prof',
  'priv-doz',
]);
/** Doctorates take their faculty after them: "Dr. med.", "Dr. rer. nat.", "Prof. Dr. h.c.". */
const DOCTORATES = new Set(['dr', 'prof', 'dr-ing', 'professor']);
const FACULTIES = new Set([
  'med',
  'rer',
  'nat',
  'phil',
  'jur',
  'oec',
  'pol',
  'dent',
  'vet',
  'habil',
  'hc',
  'theol',
  'sc',
  'techn',
  'agr',
  'soc',
]);
/** Written after a name: degrees, professional letters, generational suffixes. */
const POST_NOMINALS = new Set([
  'phd',
  'dphil',
  'md',
  'mba',
  'emba',
  'msc',
  'bsc',
  'ba',
  'ma',
  'mphil',
  'meng',
  'beng',
  'mres',
  'med',
  'bed',
  'llm',
  'llb',
  'jd',
  'mpa',
  'mph',
  'mfa',
  'bba',
  'dba',
  'edd',
  'psyd',
  'cpa',
  'cfa',
  'cma',
  'pe',
  'peng',
  'pmp',
  'esq',
  'rn',
  'dds',
  'dvm',
  'facs',
  'frcs',
  'fca',
  'aca',
  'acca',
  'cima',
  'cissp',
  // Advisers', architects', clinicians' and therapists' letters ("CFP®", "AIA", "LCSW", "DPT").
  'cfp',
  'chfc',
  'clu',
  'aif',
  'aia',
  'faia',
  'riba',
  'rics',
  'mrics',
  'ceng',
  'lcsw',
  'lmft',
  'lpc',
  'dpt',
  'np',
  'fnp',
  'dnp',
  'bsn',
  'msn',
  'lpn',
  'dmd',
  'sphr',
  'frsa',
  'obe',
  'mbe',
  'cbe',
  'kbe',
  'jr',
  'sr',
  'ii',
  'iii',
  'iv',
  'dipl-ing',
  'dipl-kfm',
  'dipl-inf',
  'mag',
  // Tax advisers' and accounting technicians' letters ("Fiona Kerr CTA").
  'cta',
  'att',
  'fcca',
  'acma',
  'fcma',
]);
/** Post-nominals also written in mixed case; any other one must be in capitals or dotted. */
const MIXED_POST_NOMINALS = new Set([
  'PhD',
  'DPhil',
  'MSc',
  'BSc',
  'MEng',
  'BEng',
  'MPhil',
  'MRes',
  'MEd',
  'BEd',
  'Esq',
  'Jr',
  'Sr',
  'PEng',
  'EdD',
  'PsyD',
  'Dipl-Ing',
  'Mag',
]);
/** Roman numerals and Jr./Sr. are stripped even from a name written in capitals. */
const GENERATIONAL = new Set(['jr', 'sr', 'ii', 'iii', 'iv']);
/** After a Chinese, Japanese or Korean name, with or without a space (longest first). */
const EAST_ASIAN_SUFFIXES = [
  '선생님',
  '先生',
  '女士',
  '小姐',
  '博士',
  '教授',
  '老师',
  'さま',
  'さん',
  '様',
  '殿',
  '氏',
  '님',
  '씨',
];
const PARTICLES = new Set([
  'van',
  'von',
  'der',
  'den',
  'de',
  'da',
  'di',
  'del',
  'della',
  'delle',
  'dei',
  'des',
  'los',
  'las',
  'ibn',
  'du',
  'la',
  'le',
  'bin',
  'binti',
  'al',
  'el',
  'ter',
  'ten',
  'dos',
  'das',
  'do',
  'zu',
  'af',
  'av',
]);

/** Job-title vocabulary, also used to refuse "Sales Director" as a name. */
const TITLE_WORDS = [
  'ceo',
  'cto',
  'cfo',
  'coo',
  'cmo',
  'cio',
  'cso',
  'cpo',
  'cro',
  'vp',
  'svp',
  'evp',
  'avp',
  'president',
  'vice',
  'director',
  'manager',
  'head',
  'lead',
  'leader',
  'officer',
  'founder',
  'co-founder',
  'cofounder',
  'chair',
  'chairman',
  'chairwoman',
  'chairperson',
  'chief',
  'partner',
  'engineer',
  'specialist',
  'consultant',
  'analyst',
  'architect',
  'designer',
  'developer',
  'coordinator',
  'administrator',
  'assistant',
  'associate',
  'principal',
  'owner',
  'secretary',
  'treasurer',
  'counsel',
  'controller',
  'advisor',
  'adviser',
  'representative',
  'intern',
  'executive',
  'scientist',
  'researcher',
  'professor',
  'strategist',
  'buyer',
  'recruiter',
  'accountant',
  'editor',
  'producer',
  'supervisor',
  'superintendent',
  'technician',
  'evangelist',
  'advocate',
  'geschäftsführer',
  'geschäftsführerin',
  'leiter',
  'leiterin',
  'vertrieb',
  'vertriebsleiter',
  'prokurist',
  'directeur',
  'directrice',
  'responsable',
  'gérant',
  // The professions and titles of the small firms reps call on, in English, German, French
  // and Spanish ("Attorney", "Inhaberin", "Chargée d'affaires", "Gerente de ventas").
  'attorney',
  'paralegal',
  'lawyer',
  'solicitor',
  'barrister',
  'notary',
  'dentist',
  'orthodontist',
  'hygienist',
  'physician',
  'surgeon',
  'pharmacist',
  'therapist',
  'veterinarian',
  'inhaber',
  'inhaberin',
  'außendienst',
  'innendienst',
  // Boards, charities and brokerages ("Trustee", "Licensed Real Estate Broker").
  'trustee',
  'broker',
  'realtor',
  'leitung',
  'assistenz',
  'aufsichtsrat',
  'prokuristin',
];
const TITLE_WORD_SET = new Set(TITLE_WORDS);
/**
 * French, Spanish and Italian titles start with their title word ("Gerente de ventas",
 * "Chargée d'affaires", "Avocat associé"): only there do these words make a title. Further into a
 * line they are a description's nouns ("Sugerencia del jefe de cocina", "maridaje de nuestro
 * sommelier", "técnica de la abuela"), as a menu or a product page writes them.
 */
const TITLE_FIRST_WORDS = new Set([
  'sommelier',
  'gérante',
  'président',
  'présidente',
  'fondateur',
  'fondatrice',
  'ingénieur',
  'ingénieure',
  'chargé',
  'chargée',
  'associé',
  'associée',
  'avocat',
  'avocate',
  'notaire',
  'comptable',
  'conseiller',
  'conseillère',
  'technicien',
  'technicienne',
  'assistante',
  'gerente',
  'directora',
  'presidente',
  'presidenta',
  'vicepresidente',
  'vicepresidenta',
  'jefe',
  'jefa',
  'consejero',
  'consejera',
  'socio',
  'socia',
  'asesor',
  'asesora',
  'técnico',
  'técnica',
  'fundador',
  'fundadora',
  'abogado',
  'abogada',
  'contable',
  'arquitecto',
  'arquitecta',
  'ingeniero',
  'ingeniera',
  'coordinador',
  'coordinadora',
  'administrador',
  'administradora',
  'asistente',
  'ejecutivo',
  'ejecutiva',
  'responsabile',
  'direttore',
  'direttrice',
  'chef',
  'cheffe',
  'délégué',
  'déléguée',
  'attaché',
  'attachée',
  'secrétaire',
  'higienista',
  'odontólogo',
  'odontóloga',
  'ortodoncista',
  'recepcionista',
  'gestor',
  'gestora',
  'delegado',
  'delegada',
  'auxiliar',
]);
// German titles are compounds ("Vertriebsleiterin", "Projektingenieur").
const GERMAN_TITLE =
  /(?:leiter|leiterin|führer|führerin|referent|referentin|ingenieur|ingenieurin|berater|beraterin|managerin|direktor|direktorin|vorstand|sachbearbeiter|sachbearbeiterin|vorsitzender|vorsitzende|manager)$/;
// Words that only make a title with another title word ("Sales" alone is a department).
const TITLE_CONTEXT = /\b(?:sales|marketing|account|business|development|operations|product)\b/i;
const TITLE_CJK =
  /(?:总监|经理|总裁|董事|主管|主任|工程师|专员|顾问|创始人|联合创始人|合伙人|负责人|代表|助理|副总|首席|部长|院长|秘书|会计|总经理|总工|厂长|店长|主席|行长|处长|科长|组长|架构师|设计师|分析师|研究员|教授|律师|经纪人|业务员|销售员|CEO|CTO|CFO|COO|VP)/;

// Words that appear capitalised on web pages but are never part of a person's name.
const STOP_WORDS = new Set([
  'read',
  'more',
  'contact',
  'us',
  'our',
  'team',
  'about',
  'home',
  'the',
  'and',
  'of',
  'for',
  'to',
  'in',
  'on',
  'at',
  'by',
  'with',
  'from',
  'a',
  'an',
  'your',
  'my',
  'we',
  'you',
  'all',
  'view',
  'see',
  'learn',
  'meet',
  'join',
  'get',
  'find',
  'sign',
  'log',
  'login',
  'privacy',
  'policy',
  'terms',
  'cookie',
  'cookies',
  'settings',
  'accept',
  'reject',
  'news',
  'blog',
  'press',
  'events',
  'event',
  'careers',
  'career',
  'jobs',
  'job',
  'products',
  'product',
  'services',
  'service',
  'solutions',
  'solution',
  'support',
  'sales',
  'marketing',
  'company',
  'corporate',
  'leadership',
  'management',
  'board',
  'directors',
  'investors',
  'investor',
  'partners',
  'customers',
  'customer',
  'resources',
  'download',
  'downloads',
  'email',
  'e-mail',
  'mail',
  'phone',
  'telephone',
  'tel',
  'fax',
  'mobile',
  'address',
  'office',
  'offices',
  'headquarters',
  'hq',
  'inc',
  'inc.',
  'ltd',
  'ltd.',
  'llc',
  'gmbh',
  'ag',
  'co',
  'co.',
  'corp',
  'corp.',
  'group',
  'limited',
  'website',
  'web',
  'page',
  'site',
  'menu',
  'search',
  'close',
  'open',
  'next',
  'previous',
  'back',
  'top',
  'follow',
  'share',
  'linkedin',
  'twitter',
  'facebook',
  'xing',
  'instagram',
  'youtube',
  'github',
  'wechat',
  'weibo',
  'vcard',
  'profile',
  'bio',
  'biography',
  'full',
  'details',
  'send',
  'message',
  'call',
  'write',
  'book',
  'demo',
  'request',
  'quote',
  'free',
  'trial',
  'new',
  'now',
  'today',
  'here',
  'click',
  'subscribe',
  'newsletter',
  'copyright',
  'rights',
  'reserved',
  'imprint',
  'impressum',
  'legal',
  'notice',
  'sitemap',
  'faq',
  'help',
  'center',
  'centre',
  'platform',
  'pricing',
  'features',
  'overview',
  'industries',
  'case',
  'studies',
  'study',
  'story',
  'stories',
  'white',
  'paper',
  'webinar',
  'webinars',
  'documentation',
  'docs',
  'api',
  'community',
  'forum',
  'shop',
  'store',
  'cart',
  'account',
  'dashboard',
  'english',
  'deutsch',
  'language',
  'region',
  'global',
  'worldwide',
  'international',
  'europe',
  'asia',
  'america',
  'street',
  'road',
  'avenue',
  'suite',
  'floor',
  'building',
  'city',
  'square',
  'plaza',
  'tower',
  'university',
  'institute',
  'school',
  'department',
  'division',
  'technologies',
  'technology',
  'systems',
  'software',
  'labs',
  'industries',
  'holdings',
  'consulting',
  'capital',
  'ventures',
  'media',
  'digital',
  'networks',
  'logistics',
  'manufacturing',
  'robotics',
  'analytics',
  'engineering',
  'electronics',
  'solutions',
  'partners',
  'associates',
  'international',
  'this',
  'that',
  'what',
  'why',
  'how',
  'who',
  'when',
  'where',
  'is',
  'are',
  'was',
  'be',
  'it',
  'its',
  'not',
  'no',
  'yes',
  'or',
  'if',
  'as',
  'up',
  'out',
  'best',
  'regards',
  'thanks',
  'thank',
  'kind',
  'cheers',
  'sincerely',
  'dear',
  'hi',
  'hello',
  'welcome',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
  'january',
  'february',
  'march',
  'july',
  'september',
  'october',
  'november',
  'december',
  'sent',
  'iphone',
  'android',
  'outlook',
  'confidential',
  'mission',
  'vision',
  'values',
  'history',
  'culture',
  'people',
  'staff',
  'employees',
  'members',
  'member',
  'founders',
  'executives',
  'advisors',
  'advisory',
  'department',
  'smart',
  'pro',
  'plus',
  'series',
  'model',
  'edition',
  'version',
  'release',
  'update',
  'updates',
  'guide',
  'tips',
  'report',
  'data',
  'cloud',
  'sensor',
  'sensors',
  'industry',
  'industrial',
  'automation',
  'energy',
  'health',
  'care',
  'finance',
  'insurance',
  'bank',
  'north',
  'south',
  'east',
  'west',
  'san',
  'new',
  'los',
  'las',
  'united',
  'states',
  'kingdom',
  'china',
  'germany',
  'france',
  'japan',
  // Title modifiers: "Senior Structural Engineer" must not read as the name "Senior Structural".
  'senior',
  'junior',
  'graduate',
  'managing',
  'general',
  'regional',
  'deputy',
  'interim',
  'acting',
  'assistant',
  'associate',
  'principal',
  'executive',
  'key',
  'chief',
  'global',
  'national',
  'area',
  'district',
  'field',
  'inside',
  'outside',
  'technical',
  'structural',
  'civil',
  'mechanical',
  'electrical',
  'software',
  'hardware',
  'creative',
  'art',
  'design',
  'project',
  'program',
  'programme',
  'product',
  'operations',
  'finance',
  'financial',
  'legal',
  'human',
  'procurement',
  'purchasing',
  'quality',
  // Countries people write after a comma ("Hamburg, Deutschland" is a place, not "Deutschland
  // Hamburg").
  'deutschland',
  'österreich',
  'schweiz',
  'switzerland',
  'austria',
  'italy',
  'italia',
  'spain',
  'españa',
  'usa',
  'uk',
  'canada',
  'india',
  'korea',
  'singapore',
  'netherlands',
  'nederland',
  'sweden',
  'denmark',
  'norway',
  'finland',
  'poland',
  'research',
]);

// Page headings and navigation in the languages reps meet ("Für Gastronomie", "Unser Team",
// "Notre équipe"): never part of a person's name.
const HEADING_WORDS = new Set([
  'für',
  'fur',
  'und',
  'mit',
  'über',
  'ueber',
  'uns',
  'unser',
  'unsere',
  'unserer',
  'unseren',
  'ihr',
  'ihre',
  'ihren',
  'wir',
  'sie',
  'die',
  'das',
  'ein',
  'eine',
  'zum',
  'zur',
  'aus',
  'nach',
  'mehr',
  'jetzt',
  'hier',
  'willkommen',
  'kontakt',
  'kontakte',
  'startseite',
  'aktuelles',
  'karriere',
  'leistungen',
  'produkte',
  'lösungen',
  'unternehmen',
  'referenzen',
  'branchen',
  'standort',
  'standorte',
  'anfahrt',
  'datenschutz',
  'presse',
  'ansprechpartner',
  'ansprechpartnerin',
  'gastronomie',
  'hotellerie',
  'experts',
  'expert',
  'experten',
  'specialists',
  'nous',
  'notre',
  'nos',
  'votre',
  'vos',
  'pour',
  'avec',
  'qui',
  'sommes',
  'équipe',
  'equipe',
  'accueil',
  'contactez',
  'propos',
  'mentions',
  'légales',
  'nuestro',
  'nuestra',
  'nuestros',
  'equipo',
  'contacto',
  'sobre',
  'nosotros',
  'inicio',
  'para',
  'quiénes',
  'somos',
  'contatti',
  'siamo',
  'nostro',
  'squadra',
]);
const HEADING_EAST_ASIAN =
  /联系我们|关于我们|我们的|团队|简介|概况|首页|欢迎|联络|お問い合わせ|問い合わせ|会社概要|会社案内|私たち|チーム|紹介|ようこそ|회사소개|소개|문의|연락처|오시는|인사말|우리/;

// ---------------------------------------------------------------------------------------------
// Organisations and departments.

/** Legal forms and organisation words, any case ("Acme Ltd", "ACME GMBH", "Brandt Group"). */
const LEGAL_FORMS = new Set([
  'ltd',
  'llc',
  'llp',
  'plc',
  'inc',
  'corp',
  'gmbh',
  'mbh',
  'kgaa',
  'ohg',
  'gbr',
  'sarl',
  'sàrl',
  'srl',
  'spa',
  'sprl',
  'bvba',
  'oyj',
  'pty',
  'kft',
  'sro',
  'limited',
  'incorporated',
  'corporation',
  'company',
  'gesellschaft',
  'holding',
  'holdings',
  'group',
  'gruppe',
  'groupe',
  'grupo',
  'gruppo',
  'genossenschaft',
  'stiftung',
  // Foundations, associations and public utilities ("Miller Foundation", "Stadtwerke Aalen").
  'foundation',
  'fundación',
  'fondation',
  'fondazione',
  'association',
  'asociación',
  'verein',
  'verband',
  'stadtwerke',
]);
/** Short legal forms, only as written and among the last two words ("Siemens AG", "Nokia Oy"). */
const SHORT_LEGAL_FORMS = new Set([
  'AG',
  'SE',
  'KG',
  'UG',
  'SA',
  'S.A.',
  'SAS',
  'S.A.S.',
  'AB',
  'AS',
  'A/S',
  'ASA',
  'ApS',
  'BV',
  'B.V.',
  'NV',
  'N.V.',
  'Oy',
  'KK',
  'K.K.',
  'SL',
  'S.L.',
  'e.V.',
  'e.K.',
  'S.p.A.',
  'SpA',
  'Srl',
  'S.r.l.',
  'Ltd.',
  'Co.',
  'Corp.',
  'Inc.',
]);
/** Words that name a business or its trade, never a person ("Nordwerk Logistik"). */
const ORGANISATION_WORDS = new Set([
  'logistik',
  'logistics',
  'technik',
  'technologies',
  'technology',
  'systems',
  'systeme',
  'solutions',
  'software',
  'consulting',
  'beratung',
  'industries',
  'industrie',
  'manufacturing',
  'maschinenbau',
  'engineering',
  'automotive',
  'pharma',
  'capital',
  'ventures',
  'partners',
  'associates',
  'studios',
  'labs',
  'verlag',
  'trading',
  'foods',
  'bank',
  'versicherung',
  'versicherungen',
  'immobilien',
  'realty',
  'properties',
  'energie',
  'dienstleistungen',
  'sons',
  'söhne',
  'brothers',
  'bros',
  'werke',
  'electronics',
  'elektronik',
  'chemie',
  'chemicals',
  'insurance',
  'international',
  // Venues: "Le Grand Hotel", "Gasthof Post", "Pizzeria Napoli".
  'hotel',
  'hôtel',
  'restaurant',
  'gasthof',
  'gasthaus',
  'pizzeria',
  'trattoria',
  'brasserie',
  'bistro',
]);
/** Departments and desks ("Sales Department", "Kundenservice", "Service client"). */
const DEPARTMENT_WORDS = new Set([
  'department',
  'dept',
  'departments',
  'abteilung',
  'team',
  'desk',
  'helpdesk',
  'hotline',
  'support',
  'service',
  'services',
  'sales',
  'vertrieb',
  'einkauf',
  'purchasing',
  'procurement',
  'buchhaltung',
  'accounting',
  'verwaltung',
  'administration',
  'empfang',
  'reception',
  'zentrale',
  'switchboard',
  'geschäftsleitung',
  'kundenservice',
  'kundendienst',
  'innendienst',
  'außendienst',
  'aussendienst',
  'backoffice',
  'secretariat',
  'sekretariat',
  'presse',
  'press',
  'communications',
  'kommunikation',
  'recruiting',
  'direction',
  'département',
  'departamento',
  'atención',
  'servicio',
  'ufficio',
  'servizio',
]);
// German compounds end in the department ("Vertriebsinnendienst", "Kundenservice").
const DEPARTMENT_SUFFIX =
  /.{3,}(?:dienst|abteilung|zentrale|service|support|vertrieb|verwaltung|buchhaltung|einkauf|team|leitung|büro|buero|management|marketing|logistik|technik)$/;
const ORGANISATION_EAST_ASIAN =
  /有限公司|公司|集团|集團|株式会社|有限会社|合同会社|[（(]株[）)]|㈱|주식회사|[（(]주[）)]|㈜|유한회사|研究所|研究院|事務所|事务所|工作室|工厂|銀行|银行|科技|实业|商事|工業|工业|協会|协会|大学|部门|事业部|客服|服务台/;
const DEPARTMENT_EAST_ASIAN_END =
  /(?:部|課|室|科|处|處|中心|团队|團隊|窓口|センター|チーム|팀|부서|센터|본부|지사|사업부)$/;

const foldWord = (w: string): string => w.toLowerCase().replace(/^[("'“‘]+|[)"'”’,;:]+$/g, '');

/**
 * True when `text` names an organisation or one of its departments, not a person: legal forms
 * (Ltd, GmbH, SE, S.r.l., 有限公司, 株式会社, 주식회사), "& Sons", trade words ("Logistik") and
 * department words ("Sales Department", "Vertriebsinnendienst", "销售部", "営業部", "영업팀").
 * Card, grid and signature readers use it to keep such lines out of the name field. Ask it
 * about the text in the name's place, not a whole line: a job title names a department too
 * ("Head of Customer Service", "Team Lead"), so check looksLikeTitle first.
 */
export function looksLikeOrganisation(text: string): boolean {
  const s = stripDecoration(text);
  if (s === '' || s.length > 200) return false;
  if (ORGANISATION_EAST_ASIAN.test(s)) return true;
  if (EAST_ASIAN.test(s)) {
    const compact = s.replace(/\s+/g, '');
    return DEPARTMENT_EAST_ASIAN_END.test(compact) && !JAPANESE_SURNAMES.has(compact);
  }
  if (/\S\s*[&+]\s*\S/.test(s) || /\bsp\.\s?z\s?o\.\s?o\./i.test(s)) return true;
  const words = s.split(/[\s,]+/).filter((w) => w !== '');
  for (const [i, word] of words.entries()) {
    const w = foldWord(word);
    const bare = w.replace(/\./g, '');
    if (LEGAL_FORMS.has(bare) || ORGANISATION_WORDS.has(w) || DEPARTMENT_WORDS.has(w)) return true;
    if (DEPARTMENT_SUFFIX.test(w)) return true;
    if (i >= words.length - 2 && i > 0 && SHORT_LEGAL_FORMS.has(word.replace(/[,;]$/, ''))) {
      return true;
    }
  }
  return false;
}

/**
 * True when `text` is a page heading or navigation ("Our Team", "Meet the Experts", "Kontakt",
 * "Für Gastronomie", "联系我们", "お問い合わせ"): all of its words are page words.
 */
export function looksLikeHeading(text: string): boolean {
  const s = stripDecoration(text);
  if (s === '' || s.length > 120) return false;
  if (EAST_ASIAN.test(s)) return HEADING_EAST_ASIAN.test(s);
  const words = s
    .split(/[\s,:;!?&/|·•–—-]+/)
    .map(foldWord)
    .filter((w) => w !== '');
  if (words.length === 0 || words.length > 8) return false;
  return (
    words.some((w) => HEADING_WORDS.has(w) || STOP_WORDS.has(w)) &&
    words.every(
      (w) =>
        HEADING_WORDS.has(w) || STOP_WORDS.has(w) || PARTICLES.has(w) || DEPARTMENT_WORDS.has(w),
    )
  );
}

// ---------------------------------------------------------------------------------------------
// Korean and Japanese names.

const HANGUL = /[\uac00-\ud7a3]/;
const HANGUL_RUN = /[\uac00-\ud7a3]+/g;
/** Han, kana and the iteration mark: Chinese and Japanese names. */
const HAN_KANA = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff々]/;
const HAN_KANA_RUN = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff々ー]+/g;
const EAST_ASIAN = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff々\uac00-\ud7a3]/;
const EAST_ASIAN_AT_END = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff々\uac00-\ud7a3]$/;

const KOREAN_COMPOUND_SURNAMES = ['남궁', '황보', '제갈', '선우', '독고', '사공', '서문'];
const KOREAN_SURNAMES = new Set(
  Array.from(
    '김이박최정강조윤장임한오서신권황안송류유전홍고문양손배백허남심노하곽성차주우구민나진지엄채원천방공현함변염여추도소석선설마길연위표명기반라왕금옥육인맹제모탁국어은편용예경봉사부',
  ),
);
// Syllables of given names (민준, 서연, 지훈…). A page word starting with a family name
// ("이메일", "서비스", "연락처") has at least one syllable outside this set.
const KOREAN_GIVEN = new Set(
  Array.from(
    '민준서연지현우영수진희은혜호성훈동석재윤아하경주정미선숙자철상원태규용빈유예도건형기환승범찬혁나린다율채소인한결온별솔람슬봄름새해국광명일남순옥화란애향덕식근익열필모중길종완창학효균운웅휘후겸강산신욱엽섭담루리이니라늘솜오삼택탁권백녀임분례세제',
  ),
);
/** Three-syllable words that still look like names: people, places, things. */
const KOREAN_NOT_NAMES = new Set([
  '한국인',
  '이용자',
  '사용자',
  '지원자',
  '연구원',
  '설명서',
  '우수상',
  '수상자',
  '정보원',
  '신입생',
  '강남구',
  '용산구',
  '성동구',
  '강서구',
  '강동구',
  '노원구',
  '수원시',
  '부산시',
  '이사님',
]);

/** True for a Korean name in Hangul: a family name and a two-syllable given name (김민준). */
export function isKoreanName(text: string): boolean {
  const chars = Array.from(text);
  if (!chars.every((c) => HANGUL.test(c)) || KOREAN_NOT_NAMES.has(text)) return false;
  const compound = KOREAN_COMPOUND_SURNAMES.some((s) => text.startsWith(s));
  if (!compound && !KOREAN_SURNAMES.has(chars[0] ?? '')) return false;
  const given = chars.slice(compound ? 2 : 1);
  return given.length === 2 && given.every((c) => KOREAN_GIVEN.has(c));
}

// The most common Japanese family names. A Japanese name is family name first, often with a
// space ("山田 太郎"); without one, the family name must be at least two characters long.
const JAPANESE_SURNAMES = new Set(
  '佐藤 鈴木 高橋 田中 伊藤 渡辺 渡邊 山本 中村 小林 加藤 吉田 山田 佐々木 山口 松本 井上 木村 林 斎藤 斉藤 清水 山崎 森 池田 橋本 阿部 石川 山下 中島 石井 小川 前田 岡田 長谷川 藤田 後藤 近藤 村上 遠藤 青木 坂本 福田 太田 西村 藤井 金子 岡本 藤原 中野 三浦 原田 中川 松田 竹内 小野 田村 中山 和田 石田 森田 上田 原 内田 柴田 酒井 宮崎 横山 高木 安藤 宮本 大野 小島 谷口 今井 工藤 高田 増田 丸山 杉山 村田 大塚 新井 小山 平野 藤本 河野 上野 野口 武田 松井 千葉 岩崎 菅原 木下 久保 佐野 野村 松尾 市川 菊地 杉本 古川 大西 島田 水野 桜井 高野 渡部 吉川 山内 西田 飯田 菊池 西川 小松 北村 安田 五十嵐 川口 平田 関 中田 久保田 服部 東 岩田 土屋 川崎 福島 本田 辻 樋口 秋山 田口 永井 山中 中西 吉村 川上 石原 大橋 松岡 馬場 浅野 荒木 大久保 野田 小沢 田辺 川村 星野 黒田 堀 尾崎 望月 永田 熊谷 内藤 松村 西山 大谷 平井 大島 岩本 片山 本間 早川 横田 岡崎 荒井 大石 鎌田 成田 宮田 小田 石橋 篠原 須藤 河合 大川 高井 中谷 岡 北川 小池 奥村 松下 石塚 菅野 神田 堀田 上村 桑原 西 南 北 浜田 山根 三宅 宮下 竹田 小泉 松原 福井 大森 野崎'.split(
    ' ',
  ),
);
// Characters of company, place and page words, never of a Japanese given name.
const JAPANESE_NOT_GIVEN = new Set(
  Array.from(
    '部課室社会株式様殿店所局係長担当営業務工製作品商事産研究開発販売電話番号住所区市町村県都府道丁目番地館階駅概要問合屋場建設院園校銀行協組支署',
  ),
);

function isJapaneseGiven(given: string): boolean {
  const chars = Array.from(given);
  return (
    chars.length >= 1 &&
    chars.length <= 3 &&
    chars.every((c) => HAN_KANA.test(c) && !JAPANESE_NOT_GIVEN.has(c))
  );
}

// The characters Japanese family names are built from (places and landscape: 緑川, 柏木,
// 野々村): a spaced name whose family name is not among the common ones above still reads as one
// when every character of it is one of these.
const JAPANESE_FAMILY_CHARS = new Set([
  ...Array.from(JAPANESE_SURNAMES).flatMap((f) => Array.from(f)),
  ...Array.from(
    '緑柏梅桐楠榊梶槙柳芝萩蓮菱葛蒲藍茂荻芦菅蔵輪戸門間端角塩沼湊滝瀬波津磯峰岸畑畠垣城堤脇寺宗仲伴広廣富冨豊喜里嶋澤濱邉鍋倉玉赤白黒紫朝夕春夏冬雪霜露雲鶴亀鷲鳥羽舟船牧駒犬猪鹿熊栗桃杏李梨竹笹菊椎樫杉槻欅楓椿桂柿萩稲麦粟米宇佐々々',
  ),
]);
// Page words whose characters the family names share ("工場", "大和 証券"), never a given name's.
const NOT_JAPANESE_GIVEN_EXTRA = /[証券険託鉄輸械器業界団体法]/;

function unknownJapaneseFamily(family: string): boolean {
  const chars = Array.from(family);
  return (
    chars.length >= 2 &&
    chars.length <= 3 &&
    chars.every((c) => JAPANESE_FAMILY_CHARS.has(c) && !JAPANESE_NOT_GIVEN.has(c))
  );
}

/** "山田 太郎", "鈴木 さくら", "王 小明": family and given name with a space between them. */
function spacedEastAsianName(family: string, given: string): boolean {
  if (JAPANESE_SURNAMES.has(family)) return isJapaneseGiven(given);
  if (unknownJapaneseFamily(family) && !NOT_JAPANESE_GIVEN_EXTRA.test(given)) {
    return isJapaneseGiven(given);
  }
  const chinese = SINGLE_SURNAMES.has(family) || COMPOUND_SURNAMES.includes(family);
  return chinese && isChineseName(`${family}${given}`);
}

/** "田中太郎": a Japanese name written without a space. */
function japaneseName(text: string): boolean {
  const chars = Array.from(text);
  if (chars.length < 3 || chars.length > 5) return false;
  for (let n = 3; n >= 2; n--) {
    const family = chars.slice(0, n).join('');
    if (JAPANESE_SURNAMES.has(family)) return isJapaneseGiven(chars.slice(n).join(''));
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Latin names.

const LATIN_TOKEN = /^\p{Lu}[\p{L}\p{M}'’-]*\.?$/u;
const INITIAL = /^(?:\p{Lu}\.){1,3}$/u;
const LETTER = /^\p{Lu}$/u;
// Elided particles glued to the family name: "d'Arcy", "dell’Orto", "l'Estrange".
const ELIDED = /^(?:d|l|dell|dall|degl|all|sull)['’]\p{Lu}[\p{L}\p{M}'’-]*$/u;
// At least one letter must be lower case, unless the whole name is upper case ("JANE DOE").
const HAS_LOWER = /\p{Ll}/u;
/** Characters that never occur in a name as shown on a page. */
const NOT_IN_NAMES = /[@\d/\\:=#_<>{}[\]|]/;

function stripDecoration(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\s\u00a0\u3000]+/g, ' ')
    .replace(/^[\s\-–—•·*|>:,;"'“”‘’()[\]]+|[\s\-–—•·*|:,;"'“”‘’([\]]+$/g, '')
    .trim();
}

function refusedWord(token: string): boolean {
  const lower = token.toLowerCase();
  const bare = lower.replace(/\.$/, '');
  return (
    STOP_WORDS.has(lower) ||
    STOP_WORDS.has(bare) ||
    TITLE_WORD_SET.has(bare) ||
    TITLE_FIRST_WORDS.has(bare) ||
    HEADING_WORDS.has(bare) ||
    DEPARTMENT_WORDS.has(bare) ||
    ORGANISATION_WORDS.has(bare)
  );
}

// Vietnamese family names, written first ("Nguyễn Văn An", "Nguyen Van An", "Trần Thị Lan").
const VIETNAMESE_FAMILY = new Set(
  'nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly truong dinh lam mai trinh cao luu ta ha'.split(
    ' ',
  ),
);
// The middle names that follow them ("Văn", "Thị", "Đức", "Minh", "Ngọc" …): "Le Grand Hotel" or
// "Mai Tai Bar" has none.
const VIETNAMESE_MIDDLE = new Set(
  'van thi duc minh huu ngoc quoc thanh hong kim xuan gia bao dinh cong quang anh tuan thu bich hai trung tien viet khanh phuong hoai chi dieu cam'.split(
    ' ',
  ),
);
const foldLatin = (s: string): string =>
  s.normalize('NFKD').replace(/\p{M}/gu, '').replace(/đ/gi, 'd').toLowerCase();

/**
 * A Vietnamese name, family name first: its given name may be a word English stops at ("An",
 * "Do"), and "Van"/"Văn" or "Thi"/"Thị" before it is a middle name, not a particle.
 */
function vietnameseName(tokens: readonly string[]): string | undefined {
  if (tokens.length < 3 || tokens.length > 4) return undefined;
  if (!VIETNAMESE_FAMILY.has(foldLatin(tokens[0] ?? ''))) return undefined;
  if (!VIETNAMESE_MIDDLE.has(foldLatin(tokens[1] ?? ''))) return undefined;
  const ok = tokens.every((t) => {
    const bare = t.toLowerCase();
    return (
      /^\p{Lu}\p{Ll}{1,6}$/u.test(t) &&
      !TITLE_WORD_SET.has(bare) &&
      !DEPARTMENT_WORDS.has(bare) &&
      !ORGANISATION_WORDS.has(bare) &&
      !HEADING_WORDS.has(bare)
    );
  });
  return ok ? tokens.join(' ') : undefined;
}

/** 2–4 capitalised words, particles and initials between them, as written. */
function latinTokens(tokens: readonly string[]): string | undefined {
  if (tokens.length < 2 || tokens.length > 6) return undefined;
  const vietnamese = vietnameseName(tokens);
  if (vietnamese) return vietnamese;
  let capitalised = 0;
  for (const [i, token] of tokens.entries()) {
    const middle = i > 0 && i < tokens.length - 1;
    if (middle && PARTICLES.has(token.toLowerCase())) continue;
    if (i > 0 && ELIDED.test(token)) {
      capitalised++;
      continue;
    }
    if (INITIAL.test(token)) {
      // Initials: "J. Smith", "T.J. Miller", "John Q. Public"; never last ("Jane D.").
      if (i === tokens.length - 1) return undefined;
    } else if (!LATIN_TOKEN.test(token) || refusedWord(token)) {
      return undefined;
    } else if (LETTER.test(token)) {
      // Without dots: "John Q Public", and leading ones only as a run ("J R Tolkien").
      const next = tokens[i + 1] ?? '';
      if (!middle && !(i === 0 && (LETTER.test(next) || INITIAL.test(next)))) return undefined;
    } else if (token.replace(/\.$/, '').length < 2) {
      return undefined;
    }
    capitalised++;
  }
  if (capitalised < 2 || capitalised > 4) return undefined;
  const joined = tokens.join(' ');
  // A name in capitals is kept as written ("MICHAEL O'NEILL"): case cannot be restored safely
  // ("MCDONALD", "VAN DER BERG"), and nameKey ignores case. Very short ones are acronyms.
  if (!HAS_LOWER.test(joined) && joined.replace(/[^\p{L}]/gu, '').length < 5) return undefined;
  return joined;
}

// Places written "City, Region" would otherwise read as "Last, First" ("Berlin, Hamburg").
const PLACES = new Set(
  'berlin hamburg münchen munich köln cologne frankfurt stuttgart düsseldorf leipzig dresden hannover nürnberg bremen essen dortmund bonn mannheim wien vienna graz linz salzburg zürich zurich basel bern genf geneva lausanne paris lyon marseille london manchester birmingham dublin madrid barcelona valencia lisboa lisbon milano milan roma rome torino amsterdam rotterdam brüssel brussels bruxelles luxembourg kopenhagen copenhagen stockholm oslo helsinki warschau warsaw prag prague budapest shanghai beijing shenzhen guangzhou tokyo osaka seoul busan singapore boston chicago dallas austin seattle denver atlanta houston toronto vancouver montreal sydney melbourne bayern bavaria hessen sachsen niedersachsen brandenburg tirol california texas florida ontario'.split(
    ' ',
  ),
);

/** "Doe, Jane", "Public, John Q.", "van der Berg, Anna" → given names first. */
function lastFirst(family: string, given: string): string | undefined {
  const f = family.split(' ').filter((t) => t !== '');
  const g = given.split(' ').filter((t) => t !== '');
  if (f.length === 0 || f.length > 3 || g.length === 0 || g.length > 3) return undefined;
  if ([...f, ...g].some((t) => PLACES.has(t.toLowerCase()))) return undefined;
  if (!f.slice(0, -1).every((p) => PARTICLES.has(p.toLowerCase()))) return undefined;
  // "Agronomist, CCA": a word and a credential in capitals, not "Last, FIRST" (a name in
  // capitals is written so on both sides: "DOE, JANE").
  if (g.length === 1 && /^\p{Lu}{2,5}$/u.test(g[0] ?? '') && HAS_LOWER.test(family)) {
    return undefined;
  }
  return latinTokens([...g, ...f]);
}

function latinName(text: string): string | undefined {
  const comma = text.split(/\s*,\s*/);
  if (comma.length > 2) return undefined;
  if (comma.length === 2) return lastFirst(comma[0] ?? '', comma[1] ?? '');
  return latinTokens(text.split(' ').filter((t) => t !== ''));
}

// ---------------------------------------------------------------------------------------------
// Honorifics.

const foldHonorific = (token: string): string => token.toLowerCase().replace(/[.,®™]/g, '');

function isPostNominal(token: string, allCaps: boolean, afterComma: boolean): boolean {
  const f = foldHonorific(token);
  if (!POST_NOMINALS.has(f)) return false;
  if (afterComma) return true;
  if (allCaps) return f.length >= 3 || GENERATIONAL.has(f);
  // Without a comma, only in a degree's own spelling: "MBA", "Ph.D.", "MSc", never "Ma".
  return token.includes('.') || !/\p{Ll}/u.test(token) || MIXED_POST_NOMINALS.has(token);
}

/**
 * Spain's "Don" abbreviated ("D. Iñaki Arrieta Goenaga"): a "D." is taken for it, not for an
 * initial, only before a given name and two surnames, as Spanish legal notices write officers.
 */
const spanishDon = (first: string, tokens: readonly string[]): boolean =>
  first === 'D.' && tokens.length === 4 && tokens.slice(1).every((t) => /^\p{Lu}\p{Ll}/u.test(t));

const DIPLOMA_SCHOOL = /^\((?:FH|TU|TH|BA|DH|Uni|Univ\.?)\)$/;

/** Strips honorifics from the start of `tokens` (keeping one token), as written. */
function stripPrefixes(tokens: string[], into: string[]): void {
  while (tokens.length > 1) {
    const first = tokens[0] ?? '';
    const f = foldHonorific(first);
    if (!PREFIX_HONORIFICS.has(f) && !spanishDon(first, tokens)) return;
    tokens.shift();
    let written = first;
    if (DOCTORATES.has(f)) {
      while (
        tokens.length > 1 &&
        /^\p{Ll}/u.test(tokens[0] ?? '') &&
        FACULTIES.has(foldHonorific(tokens[0] ?? ''))
      ) {
        written += ` ${tokens.shift()}`;
      }
    }
    // The school a German diploma is from belongs to it: "Dipl.-Ing. (FH)", "Dipl.-Kfm. (BA)".
    while (tokens.length > 1 && DIPLOMA_SCHOOL.test(tokens[0] ?? '')) {
      written += ` ${tokens.shift()}`;
    }
    into.push(written);
  }
}

/**
 * `text` without its honorifics, degrees and post-nominals ("Herr Prof. Dr. Hans Müller",
 * "Anna Berg, PhD, MBA", "王小明先生", "山田 太郎 様", "김민준 님"), and those as written, in
 * reading order. Whatever is left is returned as it is, name or not; a lone honorific is kept.
 */
export function splitHonorifics(text: string): { bare: string; honorifics: string[] } {
  // "Dr.Anna Berg": the honorific glued to the name.
  let s = stripDecoration(text).replace(/^((?:dr|prof|mr|mrs|ms|mx)\.)(?=\p{Lu})/iu, '$1 ');
  const after: string[] = [];
  for (;;) {
    const suffix = EAST_ASIAN_SUFFIXES.find((x) => s.endsWith(x));
    if (!suffix) break;
    const rest = s.slice(0, -suffix.length).trimEnd();
    if (!EAST_ASIAN_AT_END.test(rest)) break;
    after.unshift(suffix);
    s = rest;
  }
  const allCaps = !HAS_LOWER.test(s);
  const parts = s.split(/\s*,\s*/);
  while (parts.length > 1) {
    const words = (parts[parts.length - 1] ?? '').split(' ').filter((w) => w !== '');
    if (words.length === 0 || !words.every((w) => isPostNominal(w, allCaps, true))) break;
    parts.pop();
    after.unshift(...words);
  }
  const before: string[] = [];
  const given = parts.length === 2 ? (parts[1] ?? '').split(' ').filter((t) => t !== '') : [];
  // "Berg, Dr. Anna": the honorific stands before the given name.
  if (given.length > 1) stripPrefixes(given, before);
  const tokens = (parts.length === 2 ? `${parts[0]}, ${given.join(' ')}` : parts.join(', '))
    .split(' ')
    .filter((t) => t !== '');
  while (tokens.length > 1 && isPostNominal(tokens[tokens.length - 1] ?? '', allCaps, false)) {
    after.unshift(tokens.pop() ?? '');
  }
  const leading: string[] = [];
  stripPrefixes(tokens, leading);
  return { bare: tokens.join(' '), honorifics: [...leading, ...before, ...after] };
}

// ---------------------------------------------------------------------------------------------
// The person-name check.

/** A person's name, cleaned, and the honorifics and degrees that were written with it. */
export interface ParsedName {
  /** The bare name, as filed: "Anna Berg", "王小明", "山田 太郎", "Jane Doe" (from "DOE, JANE"). */
  readonly name: string;
  /** As written, in reading order: ["Herr", "Prof.", "Dr."], ["PhD", "MBA"], ["先生"]; may be empty. */
  readonly honorifics: readonly string[];
}

/**
 * The person name in `text` with its honorifics apart, or undefined if it does not look like
 * one. Latin names: 2–4 capitalised words (particles "van der", "d'", initials with or without a
 * dot), kept in the order written ("Xiaoming Wang" stays as it is) except "Last, First" which
 * becomes "First Last". Case is kept as written, capitals too ("JANE DOE", "Jean DUPONT"):
 * restoring it would guess ("MCDONALD", "VAN DER BERG"), and nameKey ignores case anyway. Chinese: 2–4 characters starting with a
 * family name; Japanese: a common family name and a given name, with or without a space;
 * Korean: a family name and a two-syllable given name in Hangul. A romanisation beside the
 * CJK name is dropped ("王小明（Wang Xiaoming）" → "王小明"). Organisations, departments and
 * headings are refused.
 */
export function parsePersonName(text: string): ParsedName | undefined {
  if (text.length > 80) return undefined;
  const cached = PARSED.get(text);
  if (cached !== undefined || PARSED.has(text)) return cached;
  const parsed = parseUncached(text);
  if (PARSED.size >= 5000) PARSED.clear();
  PARSED.set(text, parsed);
  return parsed;
}

// Card readers ask about the same lines ("Read more", job titles) once per card.
const PARSED = new Map<string, ParsedName | undefined>();

/**
 * The person name in `text`, cleaned (no honorifics, post-nominals or decoration), or undefined
 * if it does not look like one (see parsePersonName, which also returns the honorifics).
 */
export function cleanPersonName(text: string): string | undefined {
  return parsePersonName(text)?.name;
}

// A nickname in quotes between the given and the family name ('Robert "Bob" Smith'): the
// name filed is the one the person's papers carry.
const NICKNAME = /\s["“'‘][\p{Lu}][\p{L}.-]*["”'’](?=\s)/u;

function parseUncached(text: string): ParsedName | undefined {
  const s = stripDecoration(text).replace(NICKNAME, '');
  if (s === '' || NOT_IN_NAMES.test(s) || looksLikeOrganisation(s)) return undefined;
  const { bare, honorifics } = splitHonorifics(s);
  if (bare === '' || looksLikeHeading(bare)) return undefined;
  const name = HANGUL.test(bare)
    ? koreanIn(bare)
    : HAN_KANA.test(bare)
      ? chineseOrJapaneseIn(bare)
      : latinName(bare);
  return name === undefined ? undefined : { name, honorifics };
}

/** What is left beside an East Asian name may only be its romanisation. */
function onlyRomanisation(rest: string): boolean {
  const r = stripDecoration(rest.replace(/[（）()]/g, ' '));
  return r === '' || latinName(r) !== undefined;
}

function koreanIn(s: string): string | undefined {
  if (HAN_KANA.test(s)) return undefined;
  const runs = s.match(HANGUL_RUN) ?? [];
  // "박 지훈": family name and given name spaced apart, kept as written.
  const spaced = runs.length === 2 ? `${runs[0]} ${runs[1]}` : undefined;
  if (spaced && s.includes(spaced) && isKoreanName(spaced.replace(' ', ''))) {
    return onlyRomanisation(s.replace(spaced, ' ')) ? spaced : undefined;
  }
  const run = runs[0] ?? '';
  if (runs.length !== 1 || !isKoreanName(run)) return undefined;
  return onlyRomanisation(s.replace(run, ' ')) ? run : undefined;
}

function chineseOrJapaneseIn(s: string): string | undefined {
  const runs = s.match(HAN_KANA_RUN) ?? [];
  if (runs.length === 1) {
    const run = runs[0] ?? '';
    if (!isChineseName(run) && !japaneseName(run)) return undefined;
    return onlyRomanisation(s.replace(run, ' ')) ? run : undefined;
  }
  if (runs.length !== 2) return undefined;
  const [family = '', given = ''] = runs;
  const at = s.indexOf(family);
  const between = s.slice(at + family.length, s.indexOf(given, at + family.length));
  if (between !== ' ' || !spacedEastAsianName(family, given)) return undefined;
  return onlyRomanisation(s.replace(`${family} ${given}`, ' ')) ? `${family} ${given}` : undefined;
}

const ONE_NAME = /^\p{Lu}(?:[\p{Ll}\p{M}'’-]{1,24}|[\p{Lu}\p{M}'’-]{2,24})$/u;

/**
 * A one-word name ("Priya", "Dr. Priya", "PRIYA"), or undefined. Not a full name, so
 * cleanPersonName refuses it: take it only with other evidence that this is a person (an e-mail
 * that fits it, see nameFitsEmail; a sign-off) and flag it for the rep (nameFlag 'single').
 */
export function cleanSingleName(text: string): ParsedName | undefined {
  if (text.length > 80) return undefined;
  const s = stripDecoration(text);
  if (s === '' || NOT_IN_NAMES.test(s) || looksLikeOrganisation(s)) return undefined;
  const { bare, honorifics } = splitHonorifics(s);
  if (!ONE_NAME.test(bare) || refusedWord(bare) || looksLikeHeading(bare)) return undefined;
  const lower = bare.toLowerCase();
  if (
    PARTICLES.has(lower) ||
    GERMAN_TITLE.test(lower) ||
    PREFIX_HONORIFICS.has(foldHonorific(bare))
  ) {
    return undefined;
  }
  if (POST_NOMINALS.has(foldHonorific(bare)) && !HAS_LOWER.test(bare)) return undefined;
  return { name: bare, honorifics };
}

/**
 * A best guess at a name for the rep to confirm (nameFlag 'unsure'): a full or one-word name if
 * there is one, else the text itself without honorifics when it could still be a name (1–5
 * words of letters, or 2–5 CJK/Hangul characters). Undefined for organisations, departments,
 * headings, job titles, addresses and anything with digits or an @.
 */
export function looseName(text: string): ParsedName | undefined {
  const full = parsePersonName(text) ?? cleanSingleName(text);
  if (full) return full;
  if (text.length > 80) return undefined;
  const s = stripDecoration(text);
  if (s === '' || NOT_IN_NAMES.test(s) || /[+()（）。.!?]$/.test(s)) return undefined;
  if (looksLikeOrganisation(s) || looksLikeHeading(s) || looksLikeTitle(s)) return undefined;
  const { bare, honorifics } = splitHonorifics(s);
  if (EAST_ASIAN.test(bare)) {
    const compact = bare.replace(/ /g, '');
    const ok =
      /^[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff々ー\uac00-\ud7a3]{2,5}$/.test(compact) &&
      bare.split(' ').length <= 2;
    return ok ? { name: bare, honorifics } : undefined;
  }
  const tokens = bare.split(' ').filter((t) => t !== '');
  if (tokens.length === 0 || tokens.length > 5) return undefined;
  if (!tokens.every((t) => /^\p{L}[\p{L}\p{M}'’.-]*$/u.test(t))) return undefined;
  if (!tokens.some((t) => /^\p{Lu}/u.test(t))) return undefined;
  if (tokens.some((t) => refusedWord(t) && !PARTICLES.has(t.toLowerCase()))) return undefined;
  // A word in lower case that is no particle makes a phrase ("Repairs workshop"), not a name.
  if (tokens.some((t) => /^\p{Ll}/u.test(t) && !PARTICLES.has(t.toLowerCase()))) return undefined;
  return { name: tokens.join(' '), honorifics };
}

// A place, not a post: "Head Office", "Registered Office", "Main Plant", "Zentrale Niederlassung"
// end with one, where a title ends with its function ("Office Manager", "Head of Office").
const PLACE_LAST =
  /^(?:office|offices|headquarters|hq|branch|site|plant|campus|depot|warehouse|showroom|premises|address|büro|niederlassung|standort|werk|filiale|zentrale|bureau|agence|siège|oficina|sede|sucursal)$/;
const PLACE_OF = new Set(['of', 'for', 'de', 'des', 'du', 'für']);

/** A job title such as "VP Sales", "Head of Engineering", "销售总监". */
export function looksLikeTitle(text: string): boolean {
  const s = stripDecoration(text);
  if (s.length < 2 || s.length > 90 || s.includes('@')) return false;
  if (/\d{4,}/.test(s)) return false;
  if (CJK.test(s)) return TITLE_CJK.test(s) && Array.from(s).length <= 40;
  const words = s.toLowerCase().split(/[\s,&/|()–—-]+/);
  if (words.length > 12) return false;
  if (/[.!?]$/.test(s) && words.length > 6) return false;
  if (PLACE_LAST.test(words[words.length - 1] ?? '') && !words.some((w) => PLACE_OF.has(w))) {
    return false;
  }
  if (words.some((w) => TITLE_WORD_SET.has(w.replace(/\.$/, '')) || GERMAN_TITLE.test(w))) {
    return true;
  }
  if (TITLE_FIRST_WORDS.has(words[0] ?? '')) return true;
  return TITLE_CONTEXT.test(s) && /\b(?:rep|representative|exec)\b/i.test(s);
}

/**
 * The key under which two spellings of one person's name meet: case, accents, honorifics and
 * degrees ("Dr. Anna Berg" / "Anna Berg, PhD"), punctuation and word order ("Xiaoming Wang" /
 * "Wang Xiaoming", "Berg, Anna") do not matter.
 */
export function nameKey(name: string): string {
  let key = KEYS.get(name);
  if (key === undefined) {
    key = nameKeyUncached(name);
    if (KEYS.size >= 5000) KEYS.clear();
    KEYS.set(name, key);
  }
  return key;
}

const KEYS = new Map<string, string>();

function nameKeyUncached(name: string): string {
  const bare = parsePersonName(name)?.name ?? splitHonorifics(name).bare;
  if (EAST_ASIAN.test(bare)) return bare.normalize('NFKC').replace(/\s+/g, '');
  return bare
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .split(/\s+/)
    .filter((t) => t !== '')
    .sort()
    .join(' ');
}

const fold = (s: string, umlauts: boolean): string =>
  (umlauts
    ? s
        .toLowerCase()
        .replace(/ä/g, 'ae')
        .replace(/ö/g, 'oe')
        .replace(/ü/g, 'ue')
        .replace(/ß/g, 'ss')
    : s.toLowerCase()
  )
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/ß/g, 'ss');

/**
 * True when an e-mail's local part is written from the name: "priya@", "priya.sharma@",
 * "psharma@", "juergen.weiss@" for "Jürgen Weiß". The evidence that makes a one-word name (or
 * an unusual one) a person.
 */
export function nameFitsEmail(name: string, email: string): boolean {
  const at = email.lastIndexOf('@');
  if (at <= 0 || name.length > 200) return false;
  for (const umlauts of [false, true]) {
    const local = fold(email.slice(0, at), umlauts).replace(/[^a-z]/g, '');
    const tokens = fold(splitHonorifics(name).bare, umlauts)
      .split(/[^a-z]+/)
      .filter((t) => t.length >= 2);
    if (local.length < 2 || tokens.length === 0) continue;
    if (tokens.some((t) => t.length >= 3 && local.includes(t))) return true;
    if (tokens.includes(local)) return true;
    const first = tokens[0] ?? '';
    const last = tokens[tokens.length - 1] ?? '';
    if (tokens.length > 1 && (local === `${first[0]}${last}` || local === `${last}${first[0]}`)) {
      return true;
    }
  }
  return false;
}

/** True if `text` contains CJK characters (used to pick the default phone country). */
export function hasCjk(text: string): boolean {
  return CJK.test(text);
}
