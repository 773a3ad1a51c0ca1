#!/usr/bin/env bash
# A local federation in one command: builds credex and the sample federation of
# Network/sample (seven nodes, a trust list signed by two admins), starts every node on
# loopback with its own data directory, keys and certificates, issues the seed-case specs and
# awards of Schemas/examples at several nodes, waits until every node holds every record, and
# keeps the nodes running until Ctrl-C.
#
#   ./Network/federation.sh                 # everything under .credex-federation/ (replaced)
#   FEDERATION_DIR=/some/dir ./Network/federation.sh
#   FEDERATION_EXIT=1 ./Network/federation.sh   # stop once replicated (a smoke test)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${CREDEX:-}" ]; then
    swift build --product credex
    CREDEX="$(swift build --show-bin-path)/credex"
fi
credex="$CREDEX"
root="${FEDERATION_DIR:-$PWD/.credex-federation}"
CREDEX="$credex" FEDERATION_DIR="$root" ./Network/sample/build.sh >/dev/null
echo "sample federation built in $root"

# Start every member on its peer port (members.tsv), logs in logs/<node>.log.
mkdir -p "$root/logs"
pids=()
stop_nodes() {
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap stop_nodes EXIT
trap 'exit 130' INT TERM
nodes=()
while IFS=$'\t' read -r node_id name country schac erasmus eea adequacy transport port; do
    [[ $node_id == \#* || -z $node_id ]] && continue
    short=${schac%%.*}
    nodes+=("$short")
    # The API port (officers' pages and API) is the peer port + 1000.
    "$credex" node run --dir "$root/nodes/$short" --peer-listen "127.0.0.1:$port" \
        --api-listen "127.0.0.1:$((port + 1000))" >"$root/logs/$short.log" 2>&1 &
    pids+=($!)
done < Network/sample/members.tsv
for short in "${nodes[@]}"; do
    for _ in $(seq 1 100); do
        [[ $(grep -c '] listening' "$root/logs/$short.log") -ge 2 ]] && break
        sleep 0.1
    done
    [[ $(grep -c '] listening' "$root/logs/$short.log") -ge 2 ]] || { cat "$root/logs/$short.log"; exit 1; }
done
echo "started ${#nodes[@]} nodes: ${nodes[*]}"

# Issue the seed cases at several nodes: each spec at the next node in turn, each award at the
# node that issued its spec. Writes go through each running node's admin socket.
declare -A spec_id spec_node
index=0
for file in Schemas/examples/spec-*.json; do
    short=${nodes[$((index % ${#nodes[@]}))]}
    index=$((index + 1))
    name=$(basename "$file" .json)
    [[ $name == spec-maynooth* ]] && short=mu  # a member issues its own course
    spec_id[$name]=$("$credex" issue spec "$file" --dir "$root/nodes/$short" --json |
        sed -n 's/.*"id" : "\([0-9a-f]*\)".*/\1/p')
    spec_node[$name]=$short
    echo "  $short issued $name"
done
# The Maynooth learner applies to UAB: her award's personal part goes there as its first
# recipient, point to point; every other award's stays where it was issued.
shared_award=""
for file in Schemas/examples/award-*.json; do
    case_name=$(basename "$file" .json | sed 's/^award-//; s/-[^-]*$//')
    for name in "${!spec_id[@]}"; do
        if [[ $name == spec-$case_name* ]]; then
            deliver=()
            [[ $case_name == maynooth ]] && deliver=(--deliver-to did:web:credex.uab.cat)
            award_id=$("$credex" issue award "$file" --spec "${spec_id[$name]}" "${deliver[@]}" \
                --dir "$root/nodes/${spec_node[$name]}" --json | sed -n 's/.*"id" : "\([0-9a-f]*\)".*/\1/p')
            if [[ ${#deliver[@]} -gt 0 ]]; then
                shared_award=$award_id
                echo "  ${spec_node[$name]} awarded $(basename "$file" .json); the learner's details go to uab only"
            else
                echo "  ${spec_node[$name]} awarded $(basename "$file" .json) (the learner's details stay there)"
            fi
        fi
    done
done

# Each node signs a checkpoint of what it holds now (a running node does so at least hourly), so
# officers see every issuer's status as of a fresh checkpoint.
for short in "${nodes[@]}"; do
    "$credex" issue checkpoint --dir "$root/nodes/$short" >/dev/null
done

# Wait until every node holds every member's log up to the head its issuer holds
# (`credex log --heads` prints one "issuer #seq id" line per log).
expected=()
for short in "${nodes[@]}"; do
    node_id=$(sed -n 's/.*"nodeId" *: *"\([^"]*\)".*/\1/p' "$root/nodes/$short/node.json")
    expected+=("$("$credex" log --heads --dir "$root/nodes/$short" | grep "^$node_id #")")
done
converged=""
for _ in $(seq 1 120); do
    converged=yes
    for short in "${nodes[@]}"; do
        held=$("$credex" log --heads --dir "$root/nodes/$short")
        for line in "${expected[@]}"; do
            [[ $held == *"$line"* ]] || converged=""
        done
    done
    [[ -n $converged ]] && break
    sleep 0.5
done
if [[ -z $converged ]]; then
    echo "the federation did not converge within 60 s; logs are in $root/logs/" >&2
    exit 1
fi
echo "every node holds every record"
for _ in $(seq 1 120); do
    "$credex" show "$shared_award" --json --dir "$root/nodes/uab" | grep -q '"personalPartHeld" : true' && break
    sleep 0.5
done
if ! "$credex" show "$shared_award" --json --dir "$root/nodes/uab" | grep -q '"personalPartHeld" : true'; then
    echo "the personal part of award $shared_award did not reach uab within 60 s; logs are in $root/logs/" >&2
    exit 1
fi
echo "uab holds the personal part of award $shared_award, delivered by mu"

# A recognition officer at UAB signs in to UAB's node with this token.
"$credex" token create --role officer --name "Recognition officer (UAB)" --dir "$root/nodes/uab" 2>/dev/null |
    sed -n 's/^token: //p' >"$root/officer-token.txt" 2>/dev/null
chmod 600 "$root/officer-token.txt"

cat <<EOM

Local federation in $root (nodes/, logs/, admins/, trustlist.jsonl).

A recognition officer at UAB: open https://127.0.0.1:8442/ (the node's own certificate: accept it,
or pin it) and sign in with the token in $root/officer-token.txt. Search "brewing", open the
Maynooth micro-credential, see its checks and what it means in MECES, and save the report.
The same as JSON: curl -k -H "Authorization: Bearer \$(cat $root/officer-token.txt)" \
  "https://127.0.0.1:8442/api/v1/specs?q=brewing"

Try also:
  $credex log --heads --dir $root/nodes/dcu         every member's log head, as DCU holds it
  $credex search brewing --dir $root/nodes/tec      a spec issued elsewhere, found in Monterrey
  $credex verify <id> --dir $root/nodes/utwente     signature, chain and issuer's standing
  $credex show <id> --personal --dir <issuing node> the learner's details, only where issued
  $credex show $shared_award --personal --dir $root/nodes/uab
                                                    ... and where the learner sent them
  $credex deliveries --dir $root/nodes/mu           who was sent which personal part
  $credex share <award> --with <node> --dir <issuing node>, credex erase --award <award> ...
EOM
if [[ -n ${FEDERATION_EXIT:-} ]]; then exit 0; fi
echo "Stop the federation with Ctrl-C."
wait
