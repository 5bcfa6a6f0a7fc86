package io.jagent.outputs.influxdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.spi.Metric;
import io.jagent.spi.Output;
import io.jagent.testing.PluginConfigs;
import io.jagent.testing.TestPluginContext;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpSettingsTest {
  @Test
  void explicitProxyCarriesTheRequest() throws Exception {
    try (FakeServer proxy = new FakeServer();
        TestPluginContext ctx = new TestPluginContext("outputs.influxdb")) {
      InfluxdbOutputFactory f = new InfluxdbOutputFactory();
      InfluxdbConfig c =
          PluginConfigs.parse(
              f,
              "urls = [\"http://influx.example.invalid:8086\"]\nskip_database_creation = true\n"
                  + "http_proxy = \""
                  + proxy.url()
                  + "\"");
      try (Output o = f.create(c, ctx)) {
        o.write(List.of(Metric.builder("m").field("v", 1L).time(1).build()));
      }
      FakeServer.Request r = proxy.writes().get(0);
      assertEquals("/write", r.path());
      assertEquals("influx.example.invalid:8086", r.header("Host"));
    }
  }

  @Test
  void environmentProxyLikeGo() {
    HttpSettings.EnvProxySelector s =
        new HttpSettings.EnvProxySelector(
            Map.of(
                "HTTP_PROXY", "proxy.corp:3128",
                "https_proxy", "http://secure.corp:8443",
                "NO_PROXY", "internal.corp,.svc,db:8086"));
    assertEquals(
        new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("proxy.corp", 3128))
            .address()
            .toString(),
        s.select(URI.create("http://influx.example.com:8086/write")).get(0).address().toString());
    assertEquals(
        "secure.corp",
        ((InetSocketAddress) s.select(URI.create("https://x.example.com/")).get(0).address())
            .getHostString());
    assertEquals(Proxy.NO_PROXY, s.select(URI.create("http://127.0.0.1:8086/")).get(0));
    assertEquals(Proxy.NO_PROXY, s.select(URI.create("http://localhost:8086/")).get(0));
    assertEquals(Proxy.NO_PROXY, s.select(URI.create("http://internal.corp/")).get(0));
    assertEquals(Proxy.NO_PROXY, s.select(URI.create("http://influx.ns.svc/")).get(0));
    assertEquals(Proxy.NO_PROXY, s.select(URI.create("http://db:8086/")).get(0));
    assertEquals(
        Proxy.NO_PROXY,
        new HttpSettings.EnvProxySelector(Map.of()).select(URI.create("http://x/")).get(0));
  }

  @Test
  void seedConfigSectionsParse() {
    // the [[outputs.influxdb]] sections of shared/fixtures/seed-configs, env already expanded
    InfluxdbOutputFactory f = new InfluxdbOutputFactory();
    InfluxdbConfig daemonset =
        PluginConfigs.parse(
            f,
            "urls = [\"http://127.0.0.1:18086\"] # required\ndatabase = \"telegraf\" # required\n\n"
                + "timeout = \"5s\"\nusername = \"\"\npassword = \"\"\n");
    assertEquals("telegraf", daemonset.database());
    InfluxdbConfig sidecar =
        PluginConfigs.parse(
            f,
            "urls = [\"http://127.0.0.1:18086\"]\ndatabase = \"mydb\"\nwrite_consistency = \"any\"\n"
                + "timeout = \"5s\"\nusername = \"u\"\npassword = \"p\"\n");
    assertEquals("any", sidecar.writeConsistency());
    assertTrue(sidecar.http().headers().isEmpty());
  }
}
