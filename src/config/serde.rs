//! `CorsConfig` as serde data (feature `serde`): every key optional, an unknown key answered
//! with the closest known one, a wrong type with its key. Reading only stores the values;
//! [`CorsConfig::build`] checks them and names the key of each problem.

use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::CorsConfig;
use super::fields::{Field, Kind, Value};

impl<'de> Deserialize<'de> for CorsConfig {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        const NAMES: [&str; Field::ALL.len()] = {
            let mut names = [""; Field::ALL.len()];
            let mut i = 0;
            while i < Field::ALL.len() {
                names[i] = Field::ALL[i].name();
                i += 1;
            }
            names
        };
        deserializer.deserialize_struct("CorsConfig", &NAMES, ConfigVisitor)
    }
}

struct ConfigVisitor;

impl<'de> Visitor<'de> for ConfigVisitor {
    type Value = CorsConfig;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a CORS configuration (a map of keys such as `allow_origins`)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<CorsConfig, A::Error> {
        let mut config = CorsConfig {
            keyed: true,
            ..CorsConfig::default()
        };
        while let Some(key) = map.next_key::<String>()? {
            let field = Field::parse(&key).map_err(|closest| {
                de::Error::custom(Field::unknown("field", &key, closest, str::to_owned))
            })?;
            let typed = |e: A::Error| de::Error::custom(format!("{key}: {e}"));
            let value = match field.kind() {
                Kind::List => Value::List(map.next_value().map_err(typed)?),
                Kind::Bool => Value::Bool(map.next_value().map_err(typed)?),
                Kind::Seconds | Kind::Status => Value::Number(map.next_value().map_err(typed)?),
            };
            config
                .set(field, value)
                .map_err(|e| de::Error::custom(format!("{key}: {e}")))?;
        }
        Ok(config)
    }
}

/// Every key that is set (origin predicates cannot be written: they are code).
impl Serialize for CorsConfig {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for (field, list) in [
            (Field::AllowOrigins, &self.origins),
            (Field::AllowMethods, &self.methods),
            (Field::AllowHeaders, &self.headers),
            (Field::ExposeHeaders, &self.exposed),
            (Field::AllowOriginRegexes, &self.origin_regexes),
        ] {
            // An empty origin list, written out, keeps meaning same-origin only.
            let said = field == Field::AllowOrigins && self.same_origin_only;
            if !list.is_empty() || said {
                map.serialize_entry(field.name(), list)?;
            }
        }
        for (field, flag) in [
            (Field::AllowCredentials, self.credentials),
            (Field::AllowPrivateNetwork, self.private_network),
            (
                Field::DangerouslyAllowInsecureOrigins,
                self.dangerously_allow_insecure_origins,
            ),
            (
                Field::DangerouslyAllowPublicSuffixWildcards,
                self.dangerously_allow_public_suffix_wildcards,
            ),
        ] {
            if flag {
                map.serialize_entry(field.name(), &true)?;
            }
        }
        if let Some(age) = self.max_age {
            map.serialize_entry(Field::MaxAge.name(), &age.as_secs())?;
        }
        for (field, status) in [
            (Field::PreflightStatus, self.preflight_status),
            (Field::RefusalStatus, self.refusal_status),
        ] {
            if let Some(status) = status {
                map.serialize_entry(field.name(), &status.as_u16())?;
            }
        }
        map.end()
    }
}
