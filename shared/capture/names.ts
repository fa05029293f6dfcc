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
const CJK_RUN = /[\u3400-\u9fff\uf900-\ufaff]+/g;

/** True for 2–4 CJK characters that read as a Chinese full name, family name first. */
export function isChineseName(text: string): boolean {
  const chars = Array.from(text);
  if (chars.length < 2 || chars.length > 4) return false;
  if (!chars.every((c) => CJK.test(c))) return false;
  const compound = COMPOUND_SURNAMES.some((s) => text.startsWith(s));
  if (!compound && !SINGLE_SURNAMES.has(chars[0] ?? '')) return false;
  if (compound && chars.length < 3) return false;
  return !chars.some((c) => NON_NAME_CHARS.has(c));
}

// Honorifics and post-nominals are not part of the name a rep files.
const HONORIFICS = /^(?:mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|herr|frau|mme|mlle)\.?\s+/i;
const POST_NOMINALS = new Set([
  'phd',
  'ph.d',
  'ph.d.',
  'mba',
  'md',
  'm.d.',
  'cpa',
  'cfa',
  'pe',
  'pmp',
  'esq',
  'esq.',
  'jr',
  'jr.',
  'sr',
  'sr.',
  'ii',
  'iii',
  'iv',
  'msc',
  'bsc',
  'ma',
  'llm',
  'dipl.-ing.',
]);
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
  'des',
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
];
const TITLE_WORD_SET = new Set(TITLE_WORDS);
// German titles are compounds ("Vertriebsleiterin", "Projektingenieur").
const GERMAN_TITLE =
  /(?:leiter|leiterin|führer|führerin|referent|referentin|ingenieur|ingenieurin|berater|beraterin|managerin|direktor|direktorin|vorstand|sachbearbeiter|sachbearbeiterin)$/;
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
  'research',
]);

const LATIN_TOKEN = /^\p{Lu}[\p{L}\p{M}'’-]*\.?$/u;
const INITIAL = /^\p{Lu}\.$/u;
// At least one letter must be lower case, unless the whole name is upper case ("JANE DOE").
const HAS_LOWER = /\p{Ll}/u;

function stripDecoration(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\s\u00a0\u3000]+/g, ' ')
    .replace(/^[\s\-–—•·*|>:,;"'“”‘’()[\]]+|[\s\-–—•·*|:,;"'“”‘’([\]]+$/g, '')
    .trim();
}

function latinName(text: string): string | undefined {
  let s = text.replace(HONORIFICS, '');
  // Post-nominals after a comma ("Jane Doe, PhD, MBA") are dropped; a comma followed by anything
  // else ("Doe, Jane" or "Jane Doe, CEO") is not a bare name.
  const comma = s.split(/\s*,\s*/);
  if (comma.length > 1) {
    if (!comma.slice(1).every((p) => POST_NOMINALS.has(p.toLowerCase()))) return undefined;
    s = comma[0] ?? '';
  }
  const tokens = s.split(' ').filter((t) => t !== '');
  while (tokens.length > 2 && POST_NOMINALS.has((tokens[tokens.length - 1] ?? '').toLowerCase())) {
    tokens.pop();
  }
  if (tokens.length < 2 || tokens.length > 6) return undefined;
  let capitalised = 0;
  for (const [i, token] of tokens.entries()) {
    const lower = token.toLowerCase();
    if (PARTICLES.has(lower) && i > 0 && i < tokens.length - 1) continue;
    if (!LATIN_TOKEN.test(token)) return undefined;
    const bare = lower.replace(/\.$/, '');
    if (STOP_WORDS.has(lower) || STOP_WORDS.has(bare) || TITLE_WORD_SET.has(bare)) return undefined;
    if (INITIAL.test(token) && i === tokens.length - 1) return undefined;
    if (!INITIAL.test(token) && token.length < 2) return undefined;
    capitalised++;
  }
  if (capitalised < 2 || capitalised > 4) return undefined;
  const joined = tokens.join(' ');
  const allUpper = !HAS_LOWER.test(joined);
  if (allUpper && joined.replace(/[^\p{L}]/gu, '').length < 5) return undefined;
  return joined;
}

/**
 * The person name in `text`, cleaned (no honorifics, post-nominals or decoration), or undefined
 * if it does not look like one. Latin names: 2–4 capitalised words (particles like "van der"
 * allowed), kept in the order written, so "Xiaoming Wang" stays as it is. Chinese: 2–4
 * characters starting with a family name; "王小明（Wang Xiaoming）" and "王小明 Wang Xiaoming"
 * give "王小明".
 */
export function cleanPersonName(text: string): string | undefined {
  if (text.length > 80) return undefined;
  if (NAMES.has(text)) return NAMES.get(text);
  const name = cleanUncached(text);
  if (NAMES.size >= 5000) NAMES.clear();
  NAMES.set(text, name);
  return name;
}

// Card readers ask about the same lines ("Read more", job titles) once per card.
const NAMES = new Map<string, string | undefined>();

function cleanUncached(text: string): string | undefined {
  const s = stripDecoration(text);
  if (s === '' || /[@\d/\\:=#_]/.test(s)) return undefined;
  if (CJK.test(s)) {
    const runs = s.match(CJK_RUN) ?? [];
    if (runs.length !== 1) return undefined;
    const run = runs[0] ?? '';
    if (!isChineseName(run)) return undefined;
    const rest = stripDecoration(s.replace(run, ' ').replace(/[（）()]/g, ' '));
    // What is left beside the Chinese name may only be its romanisation.
    if (rest !== '' && latinName(rest) === undefined) return undefined;
    return run;
  }
  return latinName(s);
}

/** A job title such as "VP Sales", "Head of Engineering", "销售总监". */
export function looksLikeTitle(text: string): boolean {
  const s = stripDecoration(text);
  if (s.length < 2 || s.length > 90 || s.includes('@')) return false;
  if (/\d{4,}/.test(s)) return false;
  if (CJK.test(s)) return TITLE_CJK.test(s) && Array.from(s).length <= 40;
  const words = s.toLowerCase().split(/[\s,&/|()–—-]+/);
  if (words.length > 12) return false;
  if (/[.!?]$/.test(s) && words.length > 6) return false;
  if (words.some((w) => TITLE_WORD_SET.has(w.replace(/\.$/, '')) || GERMAN_TITLE.test(w))) {
    return true;
  }
  return TITLE_CONTEXT.test(s) && /\b(?:rep|representative|exec)\b/i.test(s);
}

/**
 * The key under which two spellings of one person's name meet: case, accents, honorifics,
 * punctuation and word order ("Xiaoming Wang" / "Wang Xiaoming") do not matter.
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
  const cleaned = cleanPersonName(name) ?? stripDecoration(name);
  const folded = cleaned
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(HONORIFICS, '')
    .replace(/[^\p{L}\p{N}\s]/gu, ' ');
  if (CJK.test(folded)) return folded.replace(/\s+/g, '');
  return folded
    .split(/\s+/)
    .filter((t) => t !== '' && !POST_NOMINALS.has(t))
    .sort()
    .join(' ');
}

/** True if `text` contains CJK characters (used to pick the default phone country). */
export function hasCjk(text: string): boolean {
  return CJK.test(text);
}
