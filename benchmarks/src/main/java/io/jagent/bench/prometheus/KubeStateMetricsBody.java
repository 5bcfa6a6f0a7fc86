package io.jagent.bench.prometheus;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Generates a kube-state-metrics-like text exposition: pod, container, deployment and node families
 * (gauges and counters, HELP/TYPE lines), every series with 5 to 10 label pairs of realistic
 * lengths (namespaces, pod names with hashes, UIDs, images). Deterministic for a seed.
 *
 * <p>{@code java -cp benchmarks.jar io.jagent.bench.prometheus.KubeStateMetricsBody out.txt 100000}
 * writes a body (used by {@code scripts/prometheus-scrape-rss.sh}).
 */
public final class KubeStateMetricsBody {
  private KubeStateMetricsBody() {}

  private static final String[][] FAMILIES = {
    // name, type, help, extra label names (beyond namespace/pod)
    {
      "kube_pod_info",
      "gauge",
      "Information about pod.",
      "uid,host_ip,pod_ip,node,created_by_kind,created_by_name,priority_class"
    },
    {"kube_pod_status_phase", "gauge", "The pods current phase.", "uid,phase"},
    {
      "kube_pod_container_info",
      "gauge",
      "Information about a container in a pod.",
      "uid,container,image,image_id,container_id"
    },
    {
      "kube_pod_container_status_restarts_total",
      "counter",
      "The number of container restarts per container.",
      "uid,container"
    },
    {
      "kube_pod_container_resource_requests",
      "gauge",
      "The number of requested request resource by a container.",
      "uid,container,node,resource,unit"
    },
    {
      "kube_pod_labels",
      "gauge",
      "Kubernetes labels converted to Prometheus labels.",
      "uid,label_app,label_pod_template_hash,label_team"
    },
    {"kube_pod_created", "gauge", "Unix creation timestamp", "uid"},
    {
      "kube_pod_owner",
      "gauge",
      "Information about the Pod's owner.",
      "uid,owner_kind,owner_name,owner_is_controller"
    },
  };

  private static final String[] PHASES = {"Pending", "Running", "Succeeded", "Failed", "Unknown"};

  /** A body with exactly {@code series} sample lines. */
  public static byte[] generate(int series, long seed) {
    Random r = new Random(seed);
    ByteArrayOutputStream out = new ByteArrayOutputStream(series * 260);
    StringBuilder sb = new StringBuilder(512);
    int perFamily = series / FAMILIES.length;
    int written = 0;
    for (int f = 0; f < FAMILIES.length; f++) {
      String[] fam = FAMILIES[f];
      int n = f == FAMILIES.length - 1 ? series - written : perFamily;
      sb.setLength(0);
      sb.append("# HELP ").append(fam[0]).append(' ').append(fam[2]).append('\n');
      sb.append("# TYPE ").append(fam[0]).append(' ').append(fam[1]).append('\n');
      out.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
      String[] extra = fam[3].split(",");
      for (int i = 0; i < n; i++) {
        int pod = i;
        String ns = "namespace-" + (pod % 40);
        String podName =
            "app-"
                + (pod % 500)
                + "-"
                + Integer.toHexString(0x5f00000 + pod * 7919)
                + "-x"
                + (pod % 97);
        sb.setLength(0);
        sb.append(fam[0])
            .append("{namespace=\"")
            .append(ns)
            .append("\",pod=\"")
            .append(podName)
            .append('"');
        for (String l : extra) {
          sb.append(',').append(l).append("=\"").append(value(l, pod, r)).append('"');
        }
        sb.append("} ");
        if (fam[0].equals("kube_pod_created")) {
          sb.append("1.7e+09");
        } else if (fam[0].endsWith("_total")) {
          sb.append(r.nextInt(20));
        } else if (fam[0].endsWith("requests")) {
          sb.append(r.nextInt(4000) / 1000.0);
        } else {
          sb.append(r.nextInt(2));
        }
        sb.append('\n');
        out.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
      }
      written += n;
    }
    return out.toByteArray();
  }

  private static String value(String label, int pod, Random r) {
    return switch (label) {
      case "uid" ->
          new java.util.UUID(pod * 0x9E3779B97F4A7C15L, ~pod * 0xC2B2AE3D27D4EB4FL).toString();
      case "host_ip", "pod_ip" ->
          "10." + (pod >> 16 & 255) + "." + (pod >> 8 & 255) + "." + (pod & 255);
      case "node" -> "ip-10-0-" + (pod % 50) + "-17.eu-west-1.compute.internal";
      case "created_by_kind", "owner_kind" -> "ReplicaSet";
      case "created_by_name", "owner_name" ->
          "app-" + (pod % 500) + "-" + Integer.toHexString(0x5f00000 + pod % 500);
      case "priority_class" -> pod % 3 == 0 ? "" : "normal";
      case "phase" -> PHASES[pod % PHASES.length];
      case "container" -> "container-" + (pod % 4);
      case "image" -> "registry.example.com/team/app-" + (pod % 500) + ":v1." + (pod % 13);
      case "image_id" ->
          "docker-pullable://registry.example.com/team/app@sha256:"
              + Long.toHexString(r.nextLong())
              + Long.toHexString(pod);
      case "container_id" -> "containerd://" + Long.toHexString(pod * 0x9E3779B97F4A7C15L);
      case "resource" -> pod % 2 == 0 ? "cpu" : "memory";
      case "unit" -> pod % 2 == 0 ? "core" : "byte";
      case "label_app" -> "app-" + (pod % 500);
      case "label_pod_template_hash" -> Integer.toHexString(0x5f00000 + pod % 500);
      case "label_team" -> "team-" + (pod % 9);
      case "owner_is_controller" -> "true";
      default -> "x";
    };
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: KubeStateMetricsBody OUT_FILE [SERIES]");
      System.exit(2);
    }
    int series = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    Files.write(Path.of(args[0]), generate(series, 42));
  }
}
