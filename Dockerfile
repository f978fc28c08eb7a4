# jinference server image from the built server: the jar and its lib/ on a JRE 17, run as a non-root user, port 9001,
# the model cache on a volume, the default models inside the jar.
#   ./mvnw -q -B -pl server -am package -DskipTests
#   docker build -t jinference/server .
#   docker run -p 9001:9001 -v jinference-cache:/cache jinference/server
# BASE_IMAGE is any JRE 17 image with bash; CI builds this file with podman on a base made from Debian packages
# (deploy/container/build-and-check.sh), since it reaches no registry.
ARG BASE_IMAGE=eclipse-temurin:17-jre
FROM ${BASE_IMAGE}
# ONNX Runtime's Linux build collects telemetry for Microsoft unless this is set when it loads; set here, before the
# build-time start below, so no device id is baked into the image (the server sets it too when unset).
ENV ORT_DISABLE_TELEMETRY=1
RUN useradd --uid 10001 --no-create-home --shell /usr/sbin/nologin jinference \
    && mkdir -p /cache && chown 10001 /cache
# The manifest class path names lib/*.jar beside the jar (a short command line; see OnnxRuntimeEnvironment).
COPY server/target/lib /app/lib
COPY server/target/jinference-server.jar /app/jinference-server.jar
# Class data sharing: one start at build time records the classes the server loads (Micronaut, Netty, ONNX Runtime
# and OpenCV with the default model) into an AppCDS archive, which every start then maps: about half the time to
# the first answer (docs/benchmarks.md, cold start).
RUN PORT=19001 HOST=127.0.0.1 PRELOAD_MODELS=coco-nanodet/1 MODEL_CACHE_DIR=/tmp/cds-cache \
      java -XX:ArchiveClassesAtExit=/app/jinference-server.jsa -Xlog:cds*=off -Dorg.bytedeco.javacpp.cachedir=/tmp/javacpp \
      -jar /app/jinference-server.jar >/tmp/cds.log 2>&1 & \
    pid=$!; for _ in $(seq 1 180); do grep -q "Loaded model coco-nanodet/1" /tmp/cds.log && break; sleep 1; done; \
    kill -TERM $pid; wait $pid; rm -rf /tmp/cds-cache /tmp/cds.log /tmp/javacpp; test -s /app/jinference-server.jsa
USER 10001
# MALLOC_ARENA_MAX: glibc arenas otherwise keep freed native memory (docs/deployment.md, soak).
ENV PORT=9001 MODEL_CACHE_DIR=/cache MALLOC_ARENA_MAX=2
VOLUME /cache
EXPOSE 9001
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s \
  CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/${PORT} && printf "GET /healthz HTTP/1.0\r\n\r\n" >&3 && head -1 <&3 | grep -q " 200 "'
ENTRYPOINT ["java", "-XX:+ExitOnOutOfMemoryError", "-XX:SharedArchiveFile=/app/jinference-server.jsa", "-Xlog:cds*=off", \
  "-Dorg.bytedeco.javacpp.cachedir=/tmp/javacpp", "-jar", "/app/jinference-server.jar"]
