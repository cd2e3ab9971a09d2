// Words the synthetic graph is made of: place names built from pinyin
// syllables (with their characters, for Chinese aliases), and the domain's
// nouns for offices, zones, policies, industries, products and metrics.
import type { BondedZoneType, EntityKind, Predicate, Unit, UnitKind } from '../../src/generated/prisma/enums.ts';

/** Syllables and a character for each, so "Lanhe" gets the alias "兰河". */
export const SYLLABLES: ReadonlyArray<readonly [string, string]> = [
  ['an', '安'], ['bai', '白'], ['bao', '宝'], ['bei', '北'], ['bin', '滨'], ['chang', '长'], ['cheng', '城'],
  ['chong', '崇'], ['da', '大'], ['dong', '东'], ['feng', '丰'], ['fu', '福'], ['gang', '港'], ['gao', '高'],
  ['guang', '广'], ['gui', '桂'], ['hai', '海'], ['he', '河'], ['heng', '衡'], ['hong', '红'], ['hua', '华'],
  ['huai', '淮'], ['jia', '嘉'], ['jiang', '江'], ['jin', '金'], ['jing', '京'], ['kai', '开'], ['lan', '兰'],
  ['li', '丽'], ['lian', '连'], ['lin', '林'], ['ling', '陵'], ['long', '龙'], ['lu', '鹿'], ['luo', '洛'],
  ['ming', '明'], ['nan', '南'], ['ning', '宁'], ['pan', '盘'], ['ping', '平'], ['qing', '青'], ['quan', '泉'],
  ['rong', '荣'], ['rui', '瑞'], ['shan', '山'], ['shang', '商'], ['shao', '韶'], ['shen', '深'], ['shi', '石'],
  ['shu', '蜀'], ['song', '松'], ['tai', '泰'], ['tang', '唐'], ['tian', '天'], ['tong', '通'], ['wan', '湾'],
  ['wei', '威'], ['wen', '文'], ['wu', '武'], ['xi', '西'], ['xia', '夏'], ['xian', '仙'], ['xiang', '湘'],
  ['xin', '新'], ['xing', '兴'], ['xu', '徐'], ['ya', '雅'], ['yan', '延'], ['yang', '阳'], ['yi', '宜'],
  ['ying', '营'], ['yong', '永'], ['yu', '玉'], ['yuan', '源'], ['yue', '岳'], ['yun', '云'], ['zhang', '漳'],
  ['zhao', '昭'], ['zhen', '镇'], ['zheng', '正'], ['zhong', '中'], ['zhou', '州'], ['zhu', '珠'], ['zi', '紫'],
];

export const SURNAMES: ReadonlyArray<readonly [string, string]> = [
  ['Wang', '王'], ['Li', '李'], ['Zhang', '张'], ['Liu', '刘'], ['Chen', '陈'], ['Yang', '杨'], ['Huang', '黄'],
  ['Zhao', '赵'], ['Wu', '吴'], ['Zhou', '周'], ['Xu', '徐'], ['Sun', '孙'], ['Ma', '马'], ['Zhu', '朱'],
  ['Hu', '胡'], ['Guo', '郭'], ['He', '何'], ['Gao', '高'], ['Lin', '林'], ['Luo', '罗'], ['Zheng', '郑'],
  ['Liang', '梁'], ['Xie', '谢'], ['Song', '宋'], ['Tang', '唐'], ['Han', '韩'], ['Feng', '冯'], ['Deng', '邓'],
  ['Cao', '曹'], ['Peng', '彭'], ['Zeng', '曾'], ['Xiao', '肖'], ['Tian', '田'], ['Dong', '董'], ['Pan', '潘'],
];

export const ZONE_TYPES: Record<BondedZoneType, string> = {
  COMPREHENSIVE_BONDED_ZONE: 'Comprehensive Bonded Zone',
  BONDED_PORT_AREA: 'Bonded Port Area',
  BONDED_LOGISTICS_CENTER: 'Bonded Logistics Center',
  EXPORT_PROCESSING_ZONE: 'Export Processing Zone',
  FREE_TRADE_ZONE: 'Free Trade Zone',
  OTHER: 'Cross-Border E-Commerce Park',
};

export const ZONE_FOCUS = [
  'research and development', 'bonded maintenance', 'cross-border e-commerce', 'aviation logistics',
  'biomedicine', 'integrated circuits', 'cold-chain logistics', 'bonded exhibition', 'financial leasing',
  'cultural trade', 'high-end manufacturing', 'digital trade',
];

export const POLICY_PREFIXES = [
  'Smart', 'Green', 'Cross-Border', 'Two-Step', 'Advance', 'Joint', 'Single-Window', 'Paperless', 'Integrated',
  'Graded', 'Credit-Based', 'Direct', 'Fast-Track', 'Bonded', 'Digital', 'Regional', 'Coordinated', 'Whole-Chain',
];
export const POLICY_CORES = [
  'Customs Clearance', 'Trade Facilitation', 'Declaration', 'Inspection', 'Logistics', 'E-Commerce Supervision',
  'Tax Refund', 'Port Operation', 'Enterprise Credit', 'Origin Certification', 'Quarantine', 'Transit',
  'Risk Management', 'Bonded Research', 'Aviation Cargo', 'Cold-Chain Supervision', 'Export Support',
];
export const POLICY_SUFFIXES = ['Reform', 'Pilot', 'Model', 'Mechanism', 'Programme', 'Channel', 'Measure', 'Initiative'];
export const POLICY_CATEGORIES = [
  'customs clearance', 'tax', 'logistics', 'supervision', 'trade promotion', 'inspection and quarantine',
  'enterprise support', 'digitalisation',
];

export const INDUSTRIES = [
  'Biomedicine', 'Integrated Circuits', 'New Energy Vehicles', 'Aviation', 'Electronic Information',
  'Cultural Trade', 'Cross-Border E-Commerce', 'Cold-Chain Logistics', 'Medical Devices', 'Software Services',
  'Equipment Manufacturing', 'New Materials', 'Textiles', 'Agriculture', 'Food Processing', 'Shipbuilding',
  'Rail Transit', 'Robotics', 'Photovoltaics', 'Lithium Batteries', 'Petrochemicals', 'Steel', 'Furniture',
  'Tourism', 'Financial Leasing', 'Maritime Services', 'Digital Trade', 'Artificial Intelligence', 'Cosmetics',
  'Toys', 'Tea', 'Seafood', 'Wine', 'Precision Instruments', 'Aerospace', 'Consumer Electronics', 'Pharmaceuticals',
  'Automotive Parts', 'Machine Tools', 'Logistics',
];
export const INDUSTRY_QUALIFIERS = [
  'High-End', 'Green', 'Digital', 'Advanced', 'Smart', 'Marine', 'Modern', 'Specialised', 'Low-Carbon', 'Emerging',
  'Traditional', 'Regional',
];

export const PRODUCTS = [
  'Lithium-Ion Batteries', 'Solar Cells', 'Electric Vehicles', 'Mobile Phones', 'Laptop Computers', 'Crude Oil',
  'Natural Gas', 'Iron Ore', 'Soybeans', 'Frozen Beef', 'Wine', 'Cosmetics', 'Pharmaceuticals', 'Medical Masks',
  'Integrated Circuits', 'Aircraft Parts', 'Steel Products', 'Garments', 'Furniture', 'Toys', 'Tea', 'Seafood',
  'Rare Earths', 'Fertilisers', 'Textile Yarn', 'Household Appliances', 'Auto Parts', 'Machine Tools',
  'Jewellery', 'Coffee', 'Fruit', 'Milk Powder', 'Timber', 'Copper Concentrate', 'Plastics', 'Tyres',
];
export const PRODUCT_QUALIFIERS = ['Imported', 'Exported', 'Bonded', 'Processed', 'High-Tech', 'Premium', 'Bulk', 'Refurbished', 'Organic', 'Recycled'];

export const ORGANIZATION_TYPES: ReadonlyArray<readonly [string, string]> = [
  ['Logistics Company', 'enterprise'], ['Trading Company', 'enterprise'], ['Commerce Bureau', 'government department'],
  ['Port Authority', 'port authority'], ['Party Committee', 'party committee'], ['Chamber of Commerce', 'business association'],
  ['Development Zone Administration', 'administrative committee'], ['Airport Group', 'enterprise'],
  ['Pharmaceutical Company', 'enterprise'], ['Electronics Company', 'enterprise'], ['Supply Chain Company', 'enterprise'],
  ['Taxation Bureau', 'government department'], ['Trade Promotion Council', 'business association'],
];

export const EVENT_TYPES = ['Import Expo', 'Trade Fair', 'Press Conference', 'Investment Forum', 'Services Trade Fair', 'Customs Open Day', 'Logistics Summit'];

export const COUNTRIES: ReadonlyArray<readonly [string, string]> = [
  ['Germany', 'DE'], ['Japan', 'JP'], ['Republic of Korea', 'KR'], ['Viet Nam', 'VN'], ['Malaysia', 'MY'],
  ['Brazil', 'BR'], ['Australia', 'AU'], ['Russian Federation', 'RU'], ['France', 'FR'], ['Chile', 'CL'],
];

export const ROLES = [
  'director', 'deputy director', 'head', 'deputy head', 'spokesperson', 'chairman', 'secretary-general',
  'chief engineer', 'party secretary', 'general manager',
];

export const PUBLISHERS = ['China Customs Press', 'Beijing Daily', 'China Daily', 'Xinhua', 'Economic Information Daily', 'Global Times', 'China Trade News'];

export const BENCHMARKS = ['national average growth rate', 'provincial average', 'national average', 'same period of the previous year'];

export const FILLERS = [
  'Officials expect the trend to continue in the coming months.',
  'The figures were released at a press conference on the same day.',
  'Customs authorities continued to optimise the business environment at ports.',
  'Enterprises reported shorter clearance times and lower logistics costs.',
  'Foreign trade showed resilience despite a complex external environment.',
  'The structure of trade continued to improve.',
];

/** Which kinds of entity each predicate connects in the synthetic graph, and how often. All pass predicateViolation. */
export const RELATION_MIX: ReadonlyArray<readonly [Predicate, EntityKind, EntityKind, number]> = [
  ['SUPERVISES', 'CUSTOMS_OFFICE', 'BONDED_ZONE', 5], ['SUPERVISES', 'CUSTOMS_OFFICE', 'AIRPORT', 2],
  ['SUPERVISES', 'CUSTOMS_OFFICE', 'ORGANIZATION', 2], ['SUPERVISES', 'CUSTOMS_OFFICE', 'REGION', 1],
  ['SUPERVISES', 'CUSTOMS_OFFICE', 'CUSTOMS_OFFICE', 1],
  ['LOCATED_IN', 'BONDED_ZONE', 'REGION', 3], ['LOCATED_IN', 'AIRPORT', 'REGION', 1], ['LOCATED_IN', 'CUSTOMS_OFFICE', 'REGION', 1],
  ['LOCATED_IN', 'ORGANIZATION', 'REGION', 4], ['LOCATED_IN', 'ORGANIZATION', 'BONDED_ZONE', 3], ['LOCATED_IN', 'EVENT', 'REGION', 1],
  ['LOCATED_IN', 'ORGANIZATION', 'AIRPORT', 1],
  ['HOSTS', 'AIRPORT', 'BONDED_ZONE', 1], ['HOSTS', 'BONDED_ZONE', 'ORGANIZATION', 2], ['HOSTS', 'REGION', 'EVENT', 1],
  ['HOSTS', 'ORGANIZATION', 'EVENT', 1],
  ['APPLIES_TO', 'POLICY', 'INDUSTRY', 3], ['APPLIES_TO', 'POLICY', 'PRODUCT', 4], ['APPLIES_TO', 'POLICY', 'BONDED_ZONE', 3],
  ['APPLIES_TO', 'POLICY', 'REGION', 2], ['APPLIES_TO', 'POLICY', 'ORGANIZATION', 3],
  ['IMPLEMENTED_BY', 'POLICY', 'CUSTOMS_OFFICE', 5], ['IMPLEMENTED_BY', 'POLICY', 'ORGANIZATION', 3], ['IMPLEMENTED_BY', 'POLICY', 'REGION', 2],
  ['LINKS', 'POLICY', 'AIRPORT', 2], ['LINKS', 'POLICY', 'BONDED_ZONE', 2], ['LINKS', 'POLICY', 'REGION', 1],
  ['HOLDS_ROLE_AT', 'PERSON', 'CUSTOMS_OFFICE', 4], ['HOLDS_ROLE_AT', 'PERSON', 'ORGANIZATION', 6], ['HOLDS_ROLE_AT', 'PERSON', 'REGION', 1],
  ['PART_OF', 'REGION', 'REGION', 5], ['PART_OF', 'ORGANIZATION', 'ORGANIZATION', 3], ['PART_OF', 'ORGANIZATION', 'CUSTOMS_OFFICE', 2],
  ['FOCUSES_ON', 'CUSTOMS_OFFICE', 'INDUSTRY', 1], ['FOCUSES_ON', 'BONDED_ZONE', 'INDUSTRY', 2], ['FOCUSES_ON', 'ORGANIZATION', 'PRODUCT', 4],
  ['FOCUSES_ON', 'POLICY', 'PRODUCT', 2], ['FOCUSES_ON', 'BONDED_ZONE', 'PRODUCT', 2],
  ['CREDITS', 'PERSON', 'POLICY', 4], ['CREDITS', 'ORGANIZATION', 'POLICY', 2], ['CREDITS', 'CUSTOMS_OFFICE', 'POLICY', 2],
];

/** Sentences that state a relation: {S} is the subject's name, {O} the object's, {R} the role. */
export const RELATION_SENTENCES: Record<Predicate, readonly string[]> = {
  SUPERVISES: ['{S} exercises customs supervision over {O}.', 'Under the supervision of {S}, {O} stepped up its opening-up.'],
  LOCATED_IN: ['{S} is located in {O}.', '{S}, which lies in {O}, expanded its operations.'],
  HOSTS: ['{S} hosts {O}.', '{O} is hosted by {S}.'],
  APPLIES_TO: ['The {S} applies to {O}.', '{O} benefited from the {S}.'],
  IMPLEMENTED_BY: ['The {S} is implemented by {O}.', '{O} put the {S} into practice.'],
  LINKS: ['The {S} links {O} with ports across the country.', 'Through the {S}, {O} is connected with overseas markets.'],
  HOLDS_ROLE_AT: ['{S}, {R} of {O}, briefed the press.', 'According to {S}, {R} of {O}, the work is progressing well.'],
  PART_OF: ['{S} is part of {O}.', '{S} belongs to {O}.'],
  FOCUSES_ON: ['{S} focuses on {O}.', '{S} concentrates its efforts on {O}.'],
  CREDITS: ['{S} credited the growth to the {O}.', '{S} said the {O} had played a key role.'],
};

export interface MetricSpec {
  slug: string;
  name: string;
  unitKind: UnitKind;
  units: readonly Unit[];
  /** How the sentence names the measure: "the import and export value". */
  phrase: string;
  subjects: readonly EntityKind[];
}

const TRADE_SUBJECTS = ['REGION', 'BONDED_ZONE', 'CUSTOMS_OFFICE', 'AIRPORT', 'ORGANIZATION', 'PRODUCT', 'INDUSTRY'] as const;
const PLACE_SUBJECTS = ['REGION', 'BONDED_ZONE', 'AIRPORT', 'CUSTOMS_OFFICE'] as const;

const currency = (slug: string, name: string, subjects: readonly EntityKind[] = TRADE_SUBJECTS): MetricSpec => ({
  slug, name, unitKind: 'CURRENCY', units: ['CNY', 'CNY', 'CNY', 'USD'], phrase: name.toLowerCase(), subjects,
});
const count = (slug: string, name: string, subjects: readonly EntityKind[] = PLACE_SUBJECTS): MetricSpec => ({
  slug, name, unitKind: 'COUNT', units: ['COUNT'], phrase: name.toLowerCase(), subjects,
});
const percent = (slug: string, name: string, subjects: readonly EntityKind[] = TRADE_SUBJECTS): MetricSpec => ({
  slug, name, unitKind: 'PERCENTAGE', units: ['PERCENT'], phrase: name.toLowerCase(), subjects,
});

export const METRICS: readonly MetricSpec[] = [
  currency('import-export-value', 'Import and export value'),
  currency('export-value', 'Export value'),
  currency('import-value', 'Import value'),
  currency('cross-border-e-commerce-value', 'Cross-border e-commerce value'),
  currency('processing-trade-value', 'Processing trade value'),
  currency('general-trade-value', 'General trade value'),
  currency('bonded-logistics-value', 'Bonded logistics value', ['BONDED_ZONE', 'AIRPORT', 'REGION']),
  currency('private-enterprise-trade-value', 'Private enterprise trade value', ['REGION', 'BONDED_ZONE', 'CUSTOMS_OFFICE']),
  currency('foreign-invested-enterprise-trade-value', 'Foreign-invested enterprise trade value', ['REGION', 'BONDED_ZONE', 'CUSTOMS_OFFICE']),
  currency('customs-tax-revenue', 'Customs tax revenue', ['CUSTOMS_OFFICE', 'REGION']),
  currency('tax-reduction', 'Tax reduction', ['CUSTOMS_OFFICE', 'REGION', 'ORGANIZATION']),
  currency('service-trade-value', 'Service trade value', ['REGION', 'BONDED_ZONE', 'ORGANIZATION']),
  count('inbound-outbound-flights', 'Inbound and outbound flights', ['AIRPORT', 'REGION']),
  count('passenger-throughput', 'Passenger throughput', ['AIRPORT']),
  count('cargo-throughput-tonnes', 'Cargo throughput in tonnes', ['AIRPORT', 'BONDED_ZONE', 'REGION']),
  count('registered-enterprises', 'Registered enterprises'),
  count('enterprises-with-trade', 'Enterprises with import and export activity'),
  count('declarations-processed', 'Customs declarations processed', ['CUSTOMS_OFFICE', 'AIRPORT']),
  count('containers-handled', 'Containers handled', ['BONDED_ZONE', 'REGION', 'CUSTOMS_OFFICE']),
  count('cross-border-parcels', 'Cross-border parcels', ['BONDED_ZONE', 'AIRPORT', 'ORGANIZATION']),
  count('aeo-enterprises', 'AEO-certified enterprises', ['CUSTOMS_OFFICE', 'REGION']),
  percent('import-export-value-growth', 'Import and export growth rate'),
  percent('export-value-growth', 'Export growth rate'),
  percent('import-value-growth', 'Import growth rate'),
  percent('share-of-regional-trade', 'Share of regional trade', ['BONDED_ZONE', 'AIRPORT', 'ORGANIZATION', 'PRODUCT', 'INDUSTRY']),
  percent('clearance-time-reduction', 'Reduction in overall clearance time', ['CUSTOMS_OFFICE', 'AIRPORT', 'BONDED_ZONE']),
  percent('capacity-utilisation', 'Capacity utilisation', ['AIRPORT', 'BONDED_ZONE']),
  { slug: 'import-export-growth-contribution', name: 'Contribution to import and export growth', unitKind: 'PERCENTAGE', units: ['PERCENTAGE_POINT'], phrase: 'contribution to import and export growth', subjects: ['BONDED_ZONE', 'PRODUCT', 'INDUSTRY', 'ORGANIZATION'] },
  { slug: 'trade-growth-multiple', name: 'Growth multiple of trade value', unitKind: 'MULTIPLE', units: ['FOLD'], phrase: 'growth multiple of trade value', subjects: ['BONDED_ZONE', 'PRODUCT', 'ORGANIZATION'] },
];
