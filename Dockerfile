# jagent container image: a Telegraf ConfigMap mounts unchanged at /etc/telegraf.
#
# Stage 1 builds the agent and its image layout with Maven: distribution/target/image holds
# bin/agent (the launcher, sole home of the JVM flags), lib/ (the jars) and runtime/ (a jlink'd
# JDK with only the modules the agent uses, plus its CDS archive). The distribution's ImageLayoutIT
# runs the agent from exactly that directory, so what this file copies is tested without Docker.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests -Dspotless.check.skip=true package -pl distribution -am

# Stage 2: a small base with bash (the launcher is a bash script) and nothing else of note.
FROM debian:bookworm-slim
RUN groupadd --system --gid 10001 jagent \
 && useradd --system --uid 10001 --gid jagent --no-create-home --shell /usr/sbin/nologin jagent \
 && mkdir -p /etc/telegraf/telegraf.d
COPY --from=build /src/distribution/target/image /opt/jagent
# The AppCDS archive is bound to the class path it was dumped with: dump it again for /opt/jagent
# from the class list of the build's training run (without this the JVM silently runs without it:
# twice the start-up CPU and ~7 MB more RSS, BENCHMARKS.md "Footprint").
RUN /opt/jagent/runtime/bin/java -Xshare:dump -XX:+UseSerialGC -Xlog:cds=off \
      -XX:SharedClassListFile=/opt/jagent/lib/agent.classlist \
      -XX:SharedArchiveFile=/opt/jagent/lib/agent.jsa -cp '/opt/jagent/lib/*'
# Read-only root filesystem friendly: no hsperfdata (-XX:-UsePerfData in the launcher), no
# writes outside /tmp, which the pod may mount as an emptyDir.
USER 10001:10001
EXPOSE 8125/udp 8080/tcp
ENTRYPOINT ["/opt/jagent/bin/agent"]
CMD ["--config", "/etc/telegraf/telegraf.conf", "--config-directory", "/etc/telegraf/telegraf.d"]
