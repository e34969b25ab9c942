# Prefixes each JSON Lines event with its partition key and a "|":
#   <account>/<region>|<event>
# so that all events of one fleet (account and region) share an input
# partition (README, "Partitioning the input"). The first "account" and
# "region" members of the line are used: in an EventBridge envelope they come
# before "detail". A line without them (a malformed record) gets an empty key
# and is still sent, unchanged, so the engine can dead-letter it.
#
#   awk -f scripts/key-by-fleet.awk FILE | kcat -P -b BROKERS -t capacity-events -K '|'
#   awk -f scripts/key-by-fleet.awk FILE | kafka-console-producer.sh ... \
#       --property parse.key=true --property key.separator='|'
function member(line, name,    s) {
    if (!match(line, "\"" name "\"[ \t]*:[ \t]*\"[^\"]*\"")) return ""
    s = substr(line, RSTART, RLENGTH)
    sub("^\"" name "\"[ \t]*:[ \t]*\"", "", s)
    sub("\"$", "", s)
    return s
}
{
    account = member($0, "account")
    region = member($0, "region")
    key = (account != "" && region != "") ? account "/" region : ""
    print key "|" $0
}
