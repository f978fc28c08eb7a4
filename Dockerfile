# jinference server image: built with the Maven Wrapper, run on a JRE 17 as a non-root user, port 9001, the model
# cache on a volume, the default models inside the jar.
#   docker build -t jinference/server .
#   docker run -p 9001:9001 -v jinference-cache:/cache jinference/server
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -q -B -ntp -pl server -am package -DskipTests

FROM eclipse-temurin:17-jre
RUN useradd --uid 10001 --no-create-home --shell /usr/sbin/nologin jinference \
    && mkdir -p /cache && chown 10001 /cache
# The manifest class path names lib/*.jar beside the jar (a long -cp command line crashes ONNX Runtime's loader).
COPY --from=build /src/server/target/lib /app/lib
COPY --from=build /src/server/target/jinference-server.jar /app/jinference-server.jar
USER 10001
# MALLOC_ARENA_MAX: glibc arenas otherwise keep freed native memory (docs/deployment.md, soak).
ENV PORT=9001 MODEL_CACHE_DIR=/cache MALLOC_ARENA_MAX=2
VOLUME /cache
EXPOSE 9001
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s \
  CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/${PORT} && printf "GET /healthz HTTP/1.0\r\n\r\n" >&3 && head -1 <&3 | grep -q " 200 "'
ENTRYPOINT ["java", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/jinference-server.jar"]
