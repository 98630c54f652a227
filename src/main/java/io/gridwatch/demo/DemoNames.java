package io.gridwatch.demo;

import io.gridwatch.employers.Industry;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Word lists for invented but plausible Chinese names: company brands and business lines, shop
 * names, roads, people. Nothing here names a real company or person on purpose. Immutable.
 */
final class DemoNames {
  /** Characters companies like in their trade names (字号). */
  static final String BRAND_CHARS = "锦蓉华西金沙蜀川宏鑫盛泰恒达兴隆瑞丰嘉信鸿运永安富源广汇德合万通博远顺利联创志诚佳美鼎晟弘远"
      + "天成明辉正和聚福云海同心腾飞新力安泰";

  /** Business lines (行业表述) by industry: 成都 + brand + line + 有限公司. */
  static final Map<Industry, List<String>> LINES = Map.of(
      Industry.CONSTRUCTION, List.of("建筑劳务", "建设工程", "建筑工程", "市政工程", "装饰工程", "路桥工程", "幕墙工程",
          "钢结构工程", "园林绿化工程", "机电安装工程"),
      Industry.MANUFACTURING, List.of("机械制造", "电子科技", "食品", "服饰", "家具", "汽车零部件", "包装材料", "生物医药",
          "精密模具", "调味品", "塑胶制品", "光电科技"),
      Industry.CATERING, List.of("餐饮管理", "火锅", "串串香", "餐饮文化", "冒菜", "酒楼管理", "中餐", "茶餐厅"),
      Industry.RETAIL, List.of("商贸", "超市", "百货", "便利店连锁", "药房连锁", "建材销售", "农产品", "家电销售"),
      Industry.LOGISTICS, List.of("物流", "供应链管理", "货运代理", "仓储服务", "快递服务", "冷链物流", "运输"),
      Industry.SERVICES, List.of("物业管理", "保洁服务", "家政服务", "人力资源服务", "保安服务", "酒店管理", "美容美发",
          "信息技术", "汽车服务", "洗涤服务"));

  /** Small businesses (个体工商户): district + surname + 记 + shop. By industry; others have none. */
  static final Map<Industry, List<String>> SHOPS = Map.of(
      Industry.CATERING, List.of("串串香店", "火锅店", "面馆", "冒菜馆", "小吃店", "烧烤店", "中餐馆"),
      Industry.RETAIL, List.of("便利店", "水果店", "五金店", "副食店", "服装店"),
      Industry.SERVICES, List.of("理发店", "洗车店", "家电维修部", "干洗店"));

  static final String SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢"
      + "蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文";
  static final String GIVEN_CHARS = "建国军华明伟芳丽强磊洋勇艳杰娟涛超秀英霞平刚桂兰志红玉兵东海林波辉春梅宇浩鑫雪琴斌敏静晓燕飞";
  /** Road names common to many Chinese cities, and some in Chengdu's manner. */
  static final List<String> ROAD_WORDS = List.of("人民", "建设", "解放", "东风", "红星", "光华", "金沙", "蜀汉", "天府", "锦华",
      "双桥", "青龙", "玉林", "府河", "沙湾", "万年", "八里", "营门", "科华", "新华", "星辉", "双林", "府青", "交子", "蜀都",
      "望江", "芳草", "龙腾", "驷马", "花照", "青华", "永丰", "长顺", "滨江", "迎宾", "航空", "工业", "学府", "兴盛", "和平");
  static final List<String> ROAD_ENDINGS = List.of("路", "街", "大道", "路", "街");
  static final List<String> ROAD_SECTIONS = List.of("", "", "一段", "二段", "三段", "东段", "北段");
  /** Construction projects (项目) for wage-arrears stories. */
  static final List<String> PROJECT_KINDS = List.of("住宅小区", "安置房", "商业综合体", "市政道路", "学校教学楼",
      "医院门诊楼", "产业园厂房", "地铁站点附属");
  static final List<String> PROJECT_PHASES = List.of("", "一期", "二期", "三期", "A区", "B区");

  private DemoNames() {}

  static <T> T pick(Random rng, List<T> list) {
    return list.get(rng.nextInt(list.size()));
  }

  static char pick(Random rng, String chars) {
    return chars.charAt(rng.nextInt(chars.length()));
  }

  /** Two different characters from {@code chars}. */
  static String pair(Random rng, String chars) {
    char a = pick(rng, chars);
    char b;
    do {
      b = pick(rng, chars);
    } while (b == a);
    return "" + a + b;
  }

  /** A person's name: a surname and one or two given characters. */
  static String person(Random rng) {
    String given = rng.nextDouble() < 0.7 ? pair(rng, GIVEN_CHARS) : String.valueOf(pick(rng, GIVEN_CHARS));
    return pick(rng, SURNAMES) + given;
  }

  /** A road name with its section, e.g. 光华大道二段. */
  static String road(Random rng) {
    return pick(rng, ROAD_WORDS) + pick(rng, ROAD_ENDINGS) + pick(rng, ROAD_SECTIONS);
  }
}
