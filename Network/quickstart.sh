#!/usr/bin/env bash
# Quick start: build credex, set up a local node on the embedded SQLite store, issue and
# verify the sample credentials of Schemas/examples/, then run the node until Ctrl-C with its
# peer port (mutual TLS, 127.0.0.1:7443) and API port (TLS, 127.0.0.1:8443).
#
#   ./Network/quickstart.sh            # everything in .credex-quickstart/
#   QUICKSTART_DIR=/some/dir ./Network/quickstart.sh
set -euo pipefail
cd "$(dirname "$0")/.."

swift build --product credex
credex="$(swift build --show-bin-path)/credex"
quickstart="${QUICKSTART_DIR:-$PWD/.credex-quickstart}"
export CREDEX_DIR="$quickstart/node"

if [ ! -f "$CREDEX_DIR/node.json" ]; then
    mkdir -p "$quickstart"
    "$credex" init --node-id did:web:localhost --name "Credex local node" --country IE
    # A one-member federation: a local admin key signs its trust list, which admits this node.
    admin=$("$credex" trust keygen --out "$quickstart/admin.pem")
    "$credex" trust init --federation urn:credex:federation:local --name "Local federation" \
        --admin "$admin=Local admin" --threshold 1 --out "$quickstart/trust-v1.json"
    "$credex" trust sign "$quickstart/trust-v1.json" --key "$quickstart/admin.pem" >/dev/null
    "$credex" trust publish "$quickstart/trust-v1.json"
    "$credex" trust request --endpoint https://localhost:7443 --transport mtls \
        --institution "Credex local node" --country IE --eea --out "$quickstart/request.json"
    "$credex" trust propose --admit "$quickstart/request.json" --out "$quickstart/trust-v2.json"
    "$credex" trust sign "$quickstart/trust-v2.json" --key "$quickstart/admin.pem" >/dev/null
    "$credex" trust publish "$quickstart/trust-v2.json"
    declare -A specs
    for file in Schemas/examples/spec-*.json; do
        id=$("$credex" issue spec "$file" --json | sed -n 's/.*"id" : "\([0-9a-f]*\)".*/\1/p')
        specs[$(basename "$file" .json)]=$id
        "$credex" verify "$id" >/dev/null
        echo "issued and verified $(basename "$file"): $id"
    done
    for file in Schemas/examples/award-*.json; do
        # award-<case>-<learner>.json awards the spec whose file name starts with spec-<case>.
        case_name=$(basename "$file" .json | sed 's/^award-//; s/-[^-]*$//')
        spec=""
        for name in "${!specs[@]}"; do
            [[ $name == spec-$case_name* ]] && spec=${specs[$name]}
        done
        id=$("$credex" issue award "$file" --spec "$spec" --json | sed -n 's/.*"id" : "\([0-9a-f]*\)".*/\1/p')
        "$credex" verify "$id" >/dev/null
        echo "issued and verified $(basename "$file"): $id (the learner's details stay on this node)"
    done
    "$credex" check
fi

cat <<EOM

Node directory: $CREDEX_DIR
While the node runs, try in another terminal (with CREDEX_DIR=$CREDEX_DIR):
  $credex log                     every record, in log order
  $credex search brewing          full-text search over the specs
  $credex show <id> [--personal]  one record, its signature, status and flags
  $credex verify <id>             each check, exit status 0 only if all pass
  curl --cacert $CREDEX_DIR/keys/tls-certificate.pem https://localhost:8443/health
Stop the node with Ctrl-C.
EOM
exec "$credex" node run --peer-listen 127.0.0.1:7443 --api-listen 127.0.0.1:8443
