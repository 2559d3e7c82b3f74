# mockekyc: one static binary on an empty (scratch) base, run as a non-root user.
#
#   docker build -t mockekyc .
#   docker run --rm -p 8080:8080 -p 8443:8443 mockekyc
#
# GO_IMAGE is the build stage's image: the official Go image by default. Any
# image with Go (at least go.mod's version) on PATH and a /bin/sh will do; a
# machine without a registry builds one locally (.ci/docker-test shows how).
# GOPROXY, when given, replaces the module proxy of the build stage.
ARG GO_IMAGE=golang:1.26

FROM ${GO_IMAGE} AS build
# Marks this stage's images, which .ci/docker-test removes after its run.
LABEL org.mockekyc.stage=build
WORKDIR /src
ENV CGO_ENABLED=0
ARG GOPROXY
# The modules first, in their own layer: it is reused until go.mod or go.sum change.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# VERSION (and REVISION, the commit, when given) is what `mockekyc version`
# and /__admin/health print: the context has no .git, so there is no VCS
# stamp to read (-buildvcs=false); .ci/docker-test passes both.
ARG VERSION=dev
ARG REVISION=
RUN go build -trimpath -buildvcs=false -ldflags "-s -w -X main.buildVersion=${VERSION} -X main.buildRevision=${REVISION}" -o /out/mockekyc ./cmd/mockekyc
# The final image's own files: its user (uid 10001, no shell, no home beyond the
# CA directory), the CA directory owned by that user (a named volume mounted at
# /ca starts as a copy of it, ownership included, so the mock can write its CA
# there on first start), the scenarios mount point and a /tmp.
RUN mkdir -p /out/root/etc /out/root/scenarios /out/root/tmp /out/ca && \
    chmod 1777 /out/root/tmp && \
    echo 'mockekyc:x:10001:10001:mockekyc:/ca:/sbin/nologin' > /out/root/etc/passwd && \
    echo 'mockekyc:x:10001:' > /out/root/etc/group

FROM scratch
# CA roots: the mock fetches Verihubs image URLs and sends callbacks, possibly over https.
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /out/root/ /
COPY --from=build --chown=10001:10001 /out/ca /ca
# On PATH, so that `docker compose exec mockekyc mockekyc ca` works too.
COPY --from=build /out/mockekyc /usr/local/bin/mockekyc
USER 10001:10001
# Plain HTTP on 8080, HTTPS with certificates for every vendor hostname on 8443,
# the CA that signs them in /ca (ca.pem, world-readable; the key is the user's alone).
ENV MOCKEKYC_ADDR=:8080 \
    MOCKEKYC_TLS_ADDR=:8443 \
    MOCKEKYC_TLS_CA_DIR=/ca
EXPOSE 8080 8443
# Every 2 s: services that wait for `condition: service_healthy` start about 2 s
# after the mock listens rather than the default 30 s; one check costs a few
# milliseconds of CPU. The start period covers a slow first start.
HEALTHCHECK --interval=2s --timeout=3s --start-period=30s --retries=3 CMD ["/usr/local/bin/mockekyc", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/mockekyc"]
CMD ["serve"]

ARG VERSION=dev
ARG REVISION=
ARG CREATED=
LABEL org.opencontainers.image.title="mockekyc" \
      org.opencontainers.image.description="A faithful mock of five Indonesian eKYC vendor APIs: iziData, ADVANCE.AI, AccuAuth, Verihubs, eKYCPro" \
      org.opencontainers.image.source="https://github.com/mockekyc/mockekyc" \
      org.opencontainers.image.url="https://github.com/mockekyc/mockekyc" \
      org.opencontainers.image.documentation="https://github.com/mockekyc/mockekyc#readme" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}"
