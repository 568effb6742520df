# Two stages: build the jar with Maven, run it on a plain JRE.
#   docker build -t mooring .      (docker-compose.yml does this for `docker compose up --build`)

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# The image's own Maven 3.9 (same major line as ./mvnw), so the build does not download Maven again.
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN groupadd --system mooring && useradd --system --gid mooring --home-dir /app mooring \
    && mkdir -p /app/data && chown -R mooring:mooring /app
WORKDIR /app
COPY --from=build /src/api/target/mooring.jar /app/mooring.jar
USER mooring
ENV MOORING_DATA_DIR=/app/data
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/mooring.jar"]
