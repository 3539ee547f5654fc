# The pygen SDK service (`pygen serve`): stateless, non-root, with a health check.
#   docker build -t pygen-service .
#   docker run -p 8000:8000 -e PYGEN_SERVICE_KEYS="team-a:$(openssl rand -hex 24)" pygen-service
# Keys may instead come hashed from a mounted file: -v ./keys:/etc/pygen/keys:ro -e PYGEN_SERVICE_KEYS_FILE=/etc/pygen/keys
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY hatch_pygen ./hatch_pygen
COPY pygen_core ./pygen_core
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin pygen
COPY --from=build /wheels /wheels
RUN pip install "$(ls /wheels/hatch_pygen-*.whl)[service]" && rm -rf /wheels
USER pygen
WORKDIR /home/pygen
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/v1/health', timeout=4).status != 200)"]
# One uvicorn worker per container (scale with replicas); generator processes default to the CPUs it sees.
CMD ["pygen", "serve", "--host", "0.0.0.0", "--port", "8000"]
