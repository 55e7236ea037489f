# One image per service, from the jar `./mvnw -DskipTests package` built:
#   docker build --build-arg SERVICE=decision-service -t sbme/decision-service .
FROM eclipse-temurin:25-jre
ARG SERVICE
WORKDIR /app
COPY ${SERVICE}/target/${SERVICE}.jar app.jar
RUN useradd --system --uid 10001 sbme
USER 10001
ENV JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
