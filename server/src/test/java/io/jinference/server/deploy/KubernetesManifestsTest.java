package io.jinference.server.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.jinference.server.TestServer;
import io.jinference.server.config.Setting;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/kubernetes parsed strictly into Kubernetes' typed API objects (fabric8's model of the API:
 * a field Kubernetes does not know fails the test), then checked against the server: probes hit
 * routes the real server answers 200, ports and names agree, every environment variable is a
 * setting the server reads.
 */
class KubernetesManifestsTest {
  private static final Path DIR =
      Path.of(System.getProperty("user.dir")).getParent().resolve("deploy").resolve("kubernetes");
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  private static <T> T load(String file, Class<T> type) throws Exception {
    Map<String, Object> yaml =
        new Yaml(new LoaderOptions()).load(Files.readString(DIR.resolve(file)));
    T parsed = JSON.convertValue(yaml, type);
    List<String> unknown = new java.util.ArrayList<>();
    unknownFields(parsed, file, unknown, new IdentityHashMap<>());
    if (!unknown.isEmpty()) {
      fail(file + " has fields Kubernetes does not know: " + unknown);
    }
    return parsed;
  }

  /**
   * fabric8's classes keep unknown fields in additionalProperties rather than failing: any found is
   * an error.
   */
  private static void unknownFields(
      Object o, String path, List<String> into, IdentityHashMap<Object, Object> seen)
      throws Exception {
    if (o == null || seen.put(o, o) != null) {
      return;
    }
    if (o instanceof Collection) {
      int i = 0;
      for (Object e : (Collection<?>) o) {
        unknownFields(e, path + "[" + i++ + "]", into, seen);
      }
      return;
    }
    if (o instanceof Map) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) o).entrySet()) {
        unknownFields(e.getValue(), path + "." + e.getKey(), into, seen);
      }
      return;
    }
    if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method m : o.getClass().getMethods()) {
      if (m.getParameterCount() != 0
          || !m.getName().startsWith("get")
          || m.getName().equals("getClass")) {
        continue;
      }
      Object value = m.invoke(o);
      if (m.getName().equals("getAdditionalProperties")) {
        ((Map<?, ?>) value).keySet().forEach(k -> into.add(path + "." + k));
      } else {
        unknownFields(value, path + "." + m.getName().substring(3), into, seen);
      }
    }
  }

  private static Container server(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  private static String env(Container c, String name) {
    return c.getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .map(EnvVar::getValue)
        .findFirst()
        .orElse(null);
  }

  @Test
  void everyManifestIsAValidKubernetesObject() throws Exception {
    load("deployment.yaml", Deployment.class);
    load("service.yaml", Service.class);
    load("hpa.yaml", HorizontalPodAutoscaler.class);
    load("model-cache.yaml", PersistentVolumeClaim.class);
    Map<String, Object> kustomization =
        new Yaml(new LoaderOptions()).load(Files.readString(DIR.resolve("kustomization.yaml")));
    Set<String> files;
    try (var list = Files.list(DIR)) {
      files =
          list.map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
              .collect(Collectors.toSet());
    }
    assertEquals(
        files,
        Set.copyOf((List<?>) kustomization.get("resources")),
        "kustomization lists every manifest");
  }

  @Test
  void aFieldKubernetesDoesNotKnowIsCaught() throws Exception {
    Path bad = Files.createTempFile("deployment", ".yaml");
    Files.writeString(
        bad,
        Files.readString(DIR.resolve("deployment.yaml"))
            .replace("readinessProbe:", "readinessProbes:"));
    Map<String, Object> yaml = new Yaml(new LoaderOptions()).load(Files.readString(bad));
    List<String> unknown = new java.util.ArrayList<>();
    unknownFields(
        JSON.convertValue(yaml, Deployment.class), "deployment", unknown, new IdentityHashMap<>());
    assertTrue(unknown.stream().anyMatch(u -> u.endsWith("readinessProbes")), unknown.toString());
  }

  @Test
  void theManifestsAgreeWithTheServer() throws Exception {
    Deployment d = load("deployment.yaml", Deployment.class);
    Container c = server(d);
    int port = c.getPorts().get(0).getContainerPort();
    assertEquals("http", c.getPorts().get(0).getName());
    assertEquals(String.valueOf(port), env(c, "PORT"));
    assertEquals(9001, port, "the server's default port");
    // every variable is one the server reads (PORT is Micronaut's, listed in docs/configuration.md;
    // MALLOC_ARENA_MAX
    // is glibc's)
    for (EnvVar e : c.getEnv()) {
      if (!e.getName().equals("PORT") && !e.getName().equals("MALLOC_ARENA_MAX")) {
        Setting.valueOf(e.getName());
      }
    }
    // probes: named port, and routes the real server answers 200
    TestServer server = TestServer.shared();
    for (Probe p : List.of(c.getReadinessProbe(), c.getLivenessProbe(), c.getStartupProbe())) {
      assertEquals("http", p.getHttpGet().getPort().getStrVal());
      assertEquals(
          200, server.get(p.getHttpGet().getPath()).statusCode(), p.getHttpGet().getPath());
    }
    assertEquals(
        "/readiness",
        c.getReadinessProbe().getHttpGet().getPath(),
        "readiness waits for preloaded models");
    // resources: requests set, the memory limit above the request
    Map<String, Quantity> requests = c.getResources().getRequests();
    assertNotNull(requests.get("cpu"));
    assertTrue(
        Quantity.getAmountInBytes(c.getResources().getLimits().get("memory"))
                .compareTo(Quantity.getAmountInBytes(requests.get("memory")))
            >= 0);
    // the model cache: the claim exists and MODEL_CACHE_DIR is where it is mounted
    PersistentVolumeClaim pvc = load("model-cache.yaml", PersistentVolumeClaim.class);
    var volume = d.getSpec().getTemplate().getSpec().getVolumes().get(0);
    assertEquals(pvc.getMetadata().getName(), volume.getPersistentVolumeClaim().getClaimName());
    assertEquals(
        env(c, "MODEL_CACHE_DIR"),
        c.getVolumeMounts().stream()
            .filter(m -> m.getName().equals(volume.getName()))
            .findFirst()
            .orElseThrow()
            .getMountPath());
    // the Service reaches the pods' named port; the autoscaler scales this Deployment
    Service s = load("service.yaml", Service.class);
    assertEquals(d.getSpec().getTemplate().getMetadata().getLabels(), s.getSpec().getSelector());
    assertEquals("http", s.getSpec().getPorts().get(0).getTargetPort().getStrVal());
    HorizontalPodAutoscaler hpa = load("hpa.yaml", HorizontalPodAutoscaler.class);
    assertEquals(d.getMetadata().getName(), hpa.getSpec().getScaleTargetRef().getName());
    assertEquals(d.getKind(), hpa.getSpec().getScaleTargetRef().getKind());
    assertTrue(hpa.getSpec().getMinReplicas() <= hpa.getSpec().getMaxReplicas());
  }
}
