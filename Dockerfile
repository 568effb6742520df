# Two stages: build the jar with Maven, run it on a plain JRE.
#   docker build -t mooring .      (docker-compose.yml does this for `docker compose up --build`)

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# The image's own Maven 3.9 (same major line as ./mvnw), so the build does not download Maven again.
# No class-data training here: an archive only serves the Java that wrote it, and the build runs as
# root, where the embedded PostgreSQL of the training start needs a user namespace a build may not have.
RUN mvn -B -q -DskipTests -Dmooring.skipClassDataTraining=true package

FROM eclipse-temurin:17-jre
RUN groupadd --system mooring && useradd --system --gid mooring --home-dir /app mooring \
    && mkdir -p /app/data && chown -R mooring:mooring /app
WORKDIR /app
# bin/mooring starts the extracted app beside it (docs/performance.md#start): plain jars, the
# class-data archive, a heap sized for the service
COPY --from=build --chown=mooring:mooring /src/bin/mooring /app/bin/mooring
COPY --from=build --chown=mooring:mooring /src/api/target/mooring-app /app/mooring-app
USER mooring
# trained on this image's Java, as the user that runs it: one start on a throwaway embedded database
# (its extracted binaries are not kept: the compose deployment has a PostgreSQL of its own)
RUN bin/mooring --train && rm -rf /tmp/embedded-pg /tmp/hsperfdata_mooring
# then the code is root's again: the service reads it and cannot change it (the archive checks its
# jars' size and time, which an owner change leaves alone)
USER root
RUN chown -R root:root /app/bin /app/mooring-app
USER mooring
ENV MOORING_DATA_DIR=/app/data
EXPOSE 8080
ENTRYPOINT ["/app/bin/mooring"]
