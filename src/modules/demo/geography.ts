/**
 * Where 华工精机 works: three regions, eight service points in real cities (city-centre
 * coordinates), and the industrial districts its customers sit in.
 */
export interface ServicePointPlan {
  code: string;
  city: string;
  name: string;
  address: string;
  lat: number;
  lng: number;
  /** How many field engineers work from here. */
  engineers: number;
  /** Streets in the city's industrial parks, for customer addresses. */
  parks: readonly string[];
  /** Mobile number prefixes people here tend to have, for believable phones. */
  phonePrefixes: readonly string[];
}

export interface RegionPlan {
  code: string;
  name: string;
  servicePoints: readonly ServicePointPlan[];
}

export const COMPANY_NAME = '华工精机';
export const COMPANY_FULL_NAME = '华工精密机械股份有限公司';

export const REGIONS: readonly RegionPlan[] = [
  {
    code: 'EC', name: '华东大区',
    servicePoints: [
      { code: 'SH', city: '上海', name: '上海服务站', address: '上海市闵行区莘庄工业区春东路 508 号', lat: 31.2304, lng: 121.4737, engineers: 7,
        parks: ['上海市嘉定区安亭镇墨玉路', '上海市松江区九亭镇涞坊路', '上海市浦东新区金桥开发区金海路', '上海市闵行区莘庄工业区申富路', '上海市宝山区罗店镇美丹路'],
        phonePrefixes: ['139', '136', '138', '186'] },
      { code: 'SZ', city: '苏州', name: '苏州服务站', address: '江苏省苏州市工业园区星湖街 328 号', lat: 31.299, lng: 120.5853, engineers: 5,
        parks: ['江苏省苏州市工业园区苏虹中路', '江苏省苏州市吴中区木渎镇金枫南路', '江苏省昆山市开发区前进东路', '江苏省苏州市相城区黄埭镇春秋路'],
        phonePrefixes: ['135', '139', '151'] },
      { code: 'HZ', city: '杭州', name: '杭州服务站', address: '浙江省杭州市滨江区江南大道 3850 号', lat: 30.2741, lng: 120.1551, engineers: 5,
        parks: ['浙江省杭州市钱塘区下沙街道 12 号大街', '浙江省杭州市萧山区经济技术开发区建设一路', '浙江省杭州市余杭区仁和街道仁和大道'],
        phonePrefixes: ['137', '158', '189'] },
    ],
  },
  {
    code: 'SC', name: '华南大区',
    servicePoints: [
      { code: 'SZN', city: '深圳', name: '深圳服务站', address: '广东省深圳市南山区科技园科苑路 15 号', lat: 22.5431, lng: 114.0579, engineers: 6,
        parks: ['广东省深圳市宝安区福永街道凤凰第三工业区', '广东省深圳市龙华区观澜街道大富工业区', '广东省深圳市光明区公明街道塘尾工业区', '广东省深圳市坪山区坑梓街道金沙工业区'],
        phonePrefixes: ['135', '138', '159', '188'] },
      { code: 'GZ', city: '广州', name: '广州服务站', address: '广东省广州市黄埔区科学大道 182 号', lat: 23.1291, lng: 113.2644, engineers: 5,
        parks: ['广东省广州市番禺区石基镇市莲路', '广东省广州市花都区汽车城风神大道', '广东省广州市增城区新塘镇港口大道'],
        phonePrefixes: ['136', '137', '150'] },
      { code: 'DG', city: '东莞', name: '东莞服务站', address: '广东省东莞市南城街道鸿福路 106 号', lat: 23.0207, lng: 113.7518, engineers: 4,
        parks: ['广东省东莞市长安镇乌沙工业区', '广东省东莞市松山湖高新区工业北路', '广东省东莞市塘厦镇林村工业区'],
        phonePrefixes: ['134', '139', '189'] },
    ],
  },
  {
    code: 'NC', name: '华北大区',
    servicePoints: [
      { code: 'BJ', city: '北京', name: '北京服务站', address: '北京市大兴区亦庄经济技术开发区科创十三街 29 号', lat: 39.9042, lng: 116.4074, engineers: 5,
        parks: ['北京市大兴区亦庄经济技术开发区兴业街', '北京市顺义区林河经济开发区林河大街', '北京市昌平区科技园区超前路'],
        phonePrefixes: ['138', '139', '186', '135'] },
      { code: 'TJ', city: '天津', name: '天津服务站', address: '天津市滨海新区经济技术开发区第三大街 58 号', lat: 39.3434, lng: 117.3616, engineers: 3,
        parks: ['天津市滨海新区经济技术开发区泰丰路', '天津市西青区经济技术开发区赛达大道', '天津市武清区京滨工业园京滨大道'],
        phonePrefixes: ['131', '137', '155'] },
    ],
  },
];

export const SERVICE_POINTS: readonly ServicePointPlan[] = REGIONS.flatMap((region) => region.servicePoints);
